package org.actionbridge.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.TransportMode;
import org.junit.jupiter.api.Test;

class PhoneConfigParserTest {

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void minimalConfigurationGetsDocumentedDefaults() {
        PhoneConfigParser.Result result = PhoneConfigParser.parse(props("id", "desk1", "host", "127.0.0.5"));

        assertThat(result.problems()).isEmpty();
        PhoneConfiguration config = result.configuration().orElseThrow();
        assertThat(config.type()).isEqualTo(ThingType.PHONE);
        assertThat(config.httpPort()).isEqualTo(80);
        assertThat(config.https()).isFalse();
        assertThat(config.sipPort()).isEqualTo(5060);
        assertThat(config.transport()).isEqualTo(TransportMode.HTTP);
        assertThat(config.username()).isEqualTo("admin");
        assertThat(config.mac()).isEmpty();
        assertThat(config.label()).isEqualTo("desk1");
    }

    @Test
    void idComesFromKarafFileNameWhenNotSet() {
        PhoneConfigParser.Result result = PhoneConfigParser.parse(props("host", "127.0.0.5",
                "felix.fileinstall.filename", "file:/opt/karaf/etc/org.actionbridge.phone-lobby.cfg",
                "service.pid", "org.actionbridge.phone.4f2a"));

        assertThat(result.configuration().orElseThrow().id()).isEqualTo("lobby");
    }

    @Test
    void idComesFromNamedFactoryPidWhenNotSet() {
        PhoneConfigParser.Result result = PhoneConfigParser.parse(props("host", "127.0.0.5",
                "service.pid", "org.actionbridge.phone~gate"));

        assertThat(result.configuration().orElseThrow().id()).isEqualTo("gate");
    }

    @Test
    void macIsNormalisedToCanonicalForm() {
        PhoneConfigParser.Result result = PhoneConfigParser.parse(props("id", "a", "host", "h",
                "mac", "0C:38:3E:1A:2B:3C"));

        assertThat(result.configuration().orElseThrow().mac()).isEqualTo("0c383e1a2b3c");
    }

    @Test
    void everyProblemIsReportedWithItsKey() {
        PhoneConfigParser.Result result = PhoneConfigParser.parse(props("id", "x", "type", "fax", "httpPort", "eighty",
                "sipPort", "70000", "https", "maybe", "mac", "zz:zz", "transport", "pigeon"));

        assertThat(result.configuration()).isEmpty();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("type 'fax'"))
                .anySatisfy(p -> assertThat(p).contains("host is missing"))
                .anySatisfy(p -> assertThat(p).contains("httpPort 'eighty'"))
                .anySatisfy(p -> assertThat(p).contains("sipPort '70000'"))
                .anySatisfy(p -> assertThat(p).contains("https 'maybe'"))
                .anySatisfy(p -> assertThat(p).startsWith("mac:"))
                .anySatisfy(p -> assertThat(p).contains("transport 'pigeon'"));
        assertThat(result.id()).isEqualTo("x");
    }

    @Test
    void idUnsafeForTopicsIsRejected() {
        PhoneConfigParser.Result result = PhoneConfigParser.parse(props("id", "a/b#", "host", "h",
                "service.pid", "org.actionbridge.phone~weird"));

        assertThat(result.configuration()).isEmpty();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("id 'a/b#'"));
        assertThat(result.id()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void hostWithSpacesOrSchemeIsRejected() {
        assertThat(PhoneConfigParser.parse(props("id", "a", "host", "http://10.0.0.1")).problems())
                .anySatisfy(p -> assertThat(p).contains("host 'http://10.0.0.1'"));
        assertThat(PhoneConfigParser.parse(props("id", "a", "host", "10.0.0.1 ; rm")).problems()).isNotEmpty();
    }

    @Test
    void passwordNeverAppearsInToString() {
        PhoneConfiguration config = PhoneConfigParser.parse(props("id", "a", "host", "h", "password", "s3cret!"))
                .configuration().orElseThrow();

        assertThat(config.toString()).doesNotContain("s3cret!").contains("password=****");
    }
}
