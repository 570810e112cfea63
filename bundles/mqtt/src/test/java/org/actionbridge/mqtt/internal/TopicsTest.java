package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics("home/actionbridge/");

    @Test
    void parsesSetTopicsUnderABaseWithLevels() {
        assertThat(topics.parseSet("home/actionbridge/desk1/dial/set"))
                .contains(new Topics.CommandTopic("desk1", "dial"));
    }

    @Test
    void ignoresTopicsThatAreNotCommands() {
        assertThat(topics.parseSet("home/actionbridge/desk1/dial")).isEmpty();
        assertThat(topics.parseSet("home/actionbridge/desk1/a/b/set")).isEmpty();
        assertThat(topics.parseSet("other/desk1/dial/set")).isEmpty();
        assertThat(topics.parseSet("home/actionbridge//dial/set")).isEmpty();
    }

    @Test
    void layoutFollowsDesign() {
        assertThat(topics.bridgeAvailability()).isEqualTo("home/actionbridge/bridge/availability");
        assertThat(topics.channel("desk1", "call-state")).isEqualTo("home/actionbridge/desk1/call-state");
        assertThat(topics.commandResult("desk1")).isEqualTo("home/actionbridge/desk1/command/result");
        assertThat(topics.setFilter()).isEqualTo("home/actionbridge/+/+/set");
    }

    @Test
    void rejectsWildcardsInTheBaseTopic() {
        assertThatThrownBy(() -> new Topics("a/#")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Topics("")).isInstanceOf(IllegalArgumentException.class);
    }
}
