package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateFilterTest {

    private static final long WINDOW = 2_000_000_000L;

    private final DuplicateFilter filter = new DuplicateFilter();

    @Test
    void repeatWithinTheWindowIsADuplicate() {
        DuplicateFilter.Key key = DuplicateFilter.key("desk1", "registration_succeeded", "", "mac=0c383e000001");
        assertThat(filter.isDuplicate(key, 0, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(key, WINDOW / 2, WINDOW)).isTrue();
        assertThat(filter.isDuplicate(key, 3 * WINDOW, WINDOW)).as("after the window").isFalse();
    }

    @Test
    void retryOfARequestThatWasNotAcceptedIsNotADuplicate() {
        DuplicateFilter.Key key = DuplicateFilter.key("desk1", "registration_succeeded", "", "mac=0c383e000001");
        assertThat(filter.isDuplicate(key, 0, WINDOW)).isFalse();
        filter.forget(key); // answered 503: the phone retries after Retry-After, within the window

        assertThat(filter.isDuplicate(key, WINDOW / 2, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(key, WINDOW / 2 + 1, WINDOW)).as("the accepted retry is remembered").isTrue();
    }

    @Test
    void phonesAndQueriesAreTellApart() {
        DuplicateFilter.Key desk1 = DuplicateFilter.key("desk1", "dnd_enabled", "", "mac=0c383e000001&n=1");
        assertThat(filter.isDuplicate(desk1, 0, WINDOW)).isFalse();

        assertThat(filter.isDuplicate(DuplicateFilter.key("desk2", "dnd_enabled", "", "mac=0c383e000001&n=1"), 1,
                WINDOW)).as("same request from another phone").isFalse();
        assertThat(filter.isDuplicate(DuplicateFilter.key("desk1", "dnd_enabled", "", "mac=0c383e000001&n=2"), 2,
                WINDOW)).as("another query").isFalse();
        assertThat(filter.isDuplicate(DuplicateFilter.key("desk1", "dnd_disabled", "", "mac=0c383e000001&n=1"), 3,
                WINDOW)).as("another event").isFalse();
        // a call id that equals a query must not be taken for that query
        assertThat(filter.isDuplicate(DuplicateFilter.key("desk1", "dnd_enabled", "mac=0c383e000001&n=1", ""), 4,
                WINDOW)).as("call id vs query").isFalse();
        // non-Latin text differs in the high byte of its chars only
        assertThat(filter.isDuplicate(DuplicateFilter.key("desk1", "sms", "", "text=\u4e2d"), 5, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(DuplicateFilter.key("desk1", "sms", "", "text=\u4f2d"), 6, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(desk1, 7, WINDOW)).as("after other requests of desk1, a new change").isFalse();
    }

    @Test
    void theSameRequestAfterAnotherOfThePhoneIsANewChange() {
        DuplicateFilter.Key hold = DuplicateFilter.key("desk1", "call_hold", "7", "mac=0c383e000001&call_id=7");
        DuplicateFilter.Key resume = DuplicateFilter.key("desk1", "call_resume", "7", "mac=0c383e000001&call_id=7");
        assertThat(filter.isDuplicate(hold, 0, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(resume, 1, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(hold, 2, WINDOW)).as("held again").isFalse();
        assertThat(filter.isDuplicate(hold, 3, WINDOW)).as("the phone resending it").isTrue();

        // the same without a call id: identical queries of a template like mac=$mac&ip=$ip
        DuplicateFilter.Key on = DuplicateFilter.key("desk1", "dnd_enabled", "", "mac=0c383e000001");
        DuplicateFilter.Key off = DuplicateFilter.key("desk1", "dnd_disabled", "", "mac=0c383e000001");
        assertThat(filter.isDuplicate(on, 4, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(off, 5, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(on, 6, WINDOW)).as("on again").isFalse();
    }

    @Test
    void anotherPhonesRequestsDoNotHideARepeat() {
        DuplicateFilter.Key desk1 = DuplicateFilter.key("desk1", "missed_call", "3", "call_id=3");
        assertThat(filter.isDuplicate(desk1, 0, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(DuplicateFilter.key("desk2", "missed_call", "4", "call_id=4"), 1, WINDOW))
                .isFalse();
        assertThat(filter.isDuplicate(desk1, 2, WINDOW)).isTrue();
    }

    @Test
    void withoutAWindowNothingIsADuplicate() {
        DuplicateFilter.Key key = DuplicateFilter.key("desk1", "dnd_enabled", "", "");
        assertThat(filter.isDuplicate(key, 0, 0)).isFalse();
        assertThat(filter.isDuplicate(key, 0, 0)).isFalse();
        assertThat(filter.phones()).as("nothing remembered").isZero();
    }

    @Test
    void onlyPhonesWhoseRequestsHaveAllExpiredAreForgottenAtTheBound() {
        DuplicateFilter bounded = new DuplicateFilter(2);
        DuplicateFilter.Key a = DuplicateFilter.key("a", "dnd_enabled", "", "");
        DuplicateFilter.Key b = DuplicateFilter.key("b", "dnd_enabled", "", "");
        bounded.isDuplicate(a, 0, WINDOW);
        bounded.isDuplicate(b, WINDOW / 2, WINDOW);

        // at WINDOW + 1, a's request has expired, b's has not
        bounded.isDuplicate(DuplicateFilter.key("c", "dnd_enabled", "", ""), WINDOW + 1, WINDOW);
        assertThat(bounded.phones()).isEqualTo(2);
        assertThat(bounded.isDuplicate(b, WINDOW + 2, WINDOW)).as("b is still remembered").isTrue();

        // below the bound, expired phones are kept (forgetting costs a scan of every phone)
        DuplicateFilter roomy = new DuplicateFilter(3);
        roomy.isDuplicate(a, 0, WINDOW);
        roomy.isDuplicate(b, 0, WINDOW);
        roomy.isDuplicate(DuplicateFilter.key("c", "dnd_enabled", "", ""), 3 * WINDOW, WINDOW);
        assertThat(roomy.phones()).isEqualTo(3);
    }
}
