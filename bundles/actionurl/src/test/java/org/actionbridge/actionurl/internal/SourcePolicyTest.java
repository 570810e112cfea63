package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourcePolicyTest {

    @Test
    void matchesSingleAddressesAndCidrRanges() {
        SourcePolicy policy = SourcePolicy.parse("192.0.2.7, 10.1.0.0/16 127.0.0.0/8").policy();

        assertThat(policy.contains("192.0.2.7")).isTrue();
        assertThat(policy.contains("192.0.2.8")).isFalse();
        assertThat(policy.contains("10.1.255.1")).isTrue();
        assertThat(policy.contains("10.2.0.1")).isFalse();
        assertThat(policy.contains("127.3.4.5")).isTrue();
    }

    @Test
    void oddPrefixLengthsMaskPartialBytes() {
        SourcePolicy policy = SourcePolicy.parse("192.0.2.64/27").policy();

        assertThat(policy.contains("192.0.2.64")).isTrue();
        assertThat(policy.contains("192.0.2.95")).isTrue();
        assertThat(policy.contains("192.0.2.96")).isFalse();
        assertThat(policy.contains("192.0.2.63")).isFalse();
    }

    @Test
    void ipv6RangesWork() {
        SourcePolicy policy = SourcePolicy.parse("fd00::/8, ::1").policy();

        assertThat(policy.contains("fd12:3456::1")).isTrue();
        assertThat(policy.contains("::1")).isTrue();
        assertThat(policy.contains("fe80::1")).isFalse();
    }

    @Test
    void badEntriesAreReportedAndIgnored() {
        SourcePolicy.Parsed parsed = SourcePolicy.parse("10.0.0.0/33, phone.example.com, 300.1.1.1, 10.0.0.1");

        assertThat(parsed.problems()).hasSize(3);
        assertThat(parsed.policy().contains("10.0.0.1")).isTrue();
    }

    @Test
    void emptyPolicyContainsNothing() {
        assertThat(SourcePolicy.parse("").policy().contains("127.0.0.1")).isFalse();
        assertThat(SourcePolicy.parse(null).policy().isEmpty()).isTrue();
    }

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() {
        SourcePolicy proxies = SourcePolicy.parse("127.0.0.1").policy();

        assertThat(ClientAddress.of("127.0.0.9", "127.0.0.5", proxies)).isEqualTo("127.0.0.9");
        assertThat(ClientAddress.of("127.0.0.1", "127.0.0.5", proxies)).isEqualTo("127.0.0.5");
        assertThat(ClientAddress.of("127.0.0.1", null, proxies)).isEqualTo("127.0.0.1");
    }

    @Test
    void forwardedForTakesTheRightmostUntrustedHop() {
        SourcePolicy proxies = SourcePolicy.parse("127.0.0.1, 127.0.0.2").policy();

        // the client put 127.9.9.9 in front itself; only hops added by our proxies count
        assertThat(ClientAddress.of("127.0.0.1", "127.9.9.9, 127.0.0.5, 127.0.0.2", proxies)).isEqualTo("127.0.0.5");
        assertThat(ClientAddress.of("127.0.0.1", "not-an-ip", proxies)).isEqualTo("127.0.0.1");
    }

    @Test
    void duplicatesAreRecognisedWithinTheWindowOnly() {
        DuplicateFilter filter = new DuplicateFilter();
        DuplicateFilter.Key key = DuplicateFilter.key("desk1", "incoming_call", "7", "");

        assertThat(filter.isDuplicate(key, 0, 1000)).isFalse();
        assertThat(filter.isDuplicate(key, 500, 1000)).isTrue();
        assertThat(filter.isDuplicate(key, 5000, 1000)).isFalse();
        assertThat(filter.isDuplicate(DuplicateFilter.key("desk1", "call_established", "7", ""), 5001, 1000))
                .isFalse();
    }

    @Test
    void anAddressOfOneFamilyIsNeverInARangeOfTheOther() {
        SourcePolicy v6 = SourcePolicy.parse("::/0").policy();
        SourcePolicy v4 = SourcePolicy.parse("0.0.0.0/0").policy();

        assertThat(v6.contains("2001:db8::1")).isTrue();
        assertThat(v6.contains("192.0.2.7")).as("IPv4 against an IPv6-only list").isFalse();
        assertThat(v4.contains("192.0.2.7")).isTrue();
        assertThat(v4.contains("2001:db8::1")).as("IPv6 against an IPv4-only list").isFalse();
        // an IPv4-mapped IPv6 address is the IPv4 address it carries
        assertThat(v4.contains("::ffff:192.0.2.7")).isTrue();
    }

    @Test
    void prefixLengthsRunFromZeroToTheAddressLength() {
        SourcePolicy.Parsed parsed = SourcePolicy.parse("10.0.0.1/32, 10.0.0.0/0, 10.0.0.0/33, 10.0.0.0/-1, 10.0.0.0/x, "
                + "::1/128, ::/129, /8, [::2], [::3]/128");
        assertThat(parsed.problems()).hasSize(5).allSatisfy(problem -> assertThat(problem).containsAnyOf(
                "bad prefix length", "is not an IP address"));
        assertThat(parsed.policy().toString()).isEqualTo("10.0.0.1/32, 10.0.0.0/0, ::1/128, [::2], [::3]/128");
        SourcePolicy exact = SourcePolicy.parse("10.0.0.1/32, ::1/128").policy();
        assertThat(exact.contains("10.0.0.1")).isTrue();
        assertThat(exact.contains("10.0.0.2")).isFalse();
        assertThat(exact.contains("::1")).isTrue();
        assertThat(exact.contains("::2")).isFalse();
        assertThat(parsed.policy().contains("::2")).as("brackets around a literal").isTrue();
    }

    @Test
    void onlyLiteralAddressesAreRead() {
        SourcePolicy policy = SourcePolicy.parse("0.0.0.0/0, ::/0").policy();
        assertThat(policy.contains(null)).isFalse();
        assertThat(policy.contains("localhost")).isFalse();
        assertThat(policy.contains("fe80::1%eth0")).as("a zone id").isFalse();
        assertThat(policy.contains("1.2.3")).isFalse();
        assertThat(policy.contains("1.2.3.4.5")).isFalse();
        assertThat(policy.contains("1.2.3.256")).isFalse();
        assertThat(policy.contains("1.2.3.0255")).isFalse();
        assertThat(policy.contains("1..3.4")).isFalse();
        assertThat(policy.contains(" 1.2.3.4 ")).as("spaces around are trimmed").isTrue();
        String longest = "0000:0000:0000:0000:0000:ffff:192.168.100.200"; // 45 characters
        assertThat(longest).hasSize(45);
        assertThat(policy.contains(longest)).isTrue();
        assertThat(policy.contains("0" + longest)).as("46 characters").isFalse();
        assertThat(policy.isEmpty()).isFalse();
        assertThat(SourcePolicy.parse(null).policy().isEmpty()).isTrue();
    }
}
