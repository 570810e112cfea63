package org.actionbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActionUrlSenderTest {

    @Test
    void logsWhereAnActionUrlGoesButNeitherItsTokenNorItsQuery() {
        String logged = ActionUrlSender.forLog(
                "http://127.0.0.1:8181/actionurl/T-jXNYGKsecretToken/setup_completed?mac=0c383e000001");

        assertThat(logged).isEqualTo("http://127.0.0.1:8181/... (path not logged)").doesNotContain("secret");
    }

    @Test
    void logsNoUserInfo() {
        assertThat(ActionUrlSender.forLog("https://cti:pa55@192.0.2.5/newcall.xml?num=1"))
                .isEqualTo("https://192.0.2.5/... (path not logged)");
        assertThat(ActionUrlSender.forLog("http://cti:pa55@192.0.2.5")).isEqualTo("http://192.0.2.5");
    }

    @Test
    void aQueryRightAfterTheHostIsNotLoggedEither() {
        assertThat(ActionUrlSender.forLog("http://192.0.2.5:80?token=abc")).isEqualTo("http://192.0.2.5:80/... (path not logged)");
    }
}
