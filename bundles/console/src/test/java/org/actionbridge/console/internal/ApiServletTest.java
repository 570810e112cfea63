package org.actionbridge.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.junit.jupiter.api.Test;

class ApiServletTest {

    @Test
    void routesEveryEndpoint() {
        Set<String> get = Set.of("GET");
        Set<String> post = Set.of("POST");
        assertRoute("/things", "things", get);
        assertRoute("/things/desk1", "thing", get, "desk1");
        assertRoute("/things/desk1/", "thing", get, "desk1");
        assertRoute("/things/desk1/commands", "commands", post, "desk1");
        assertRoute("/things/desk1/action-urls", "action-urls", get, "desk1");
        assertRoute("/inbox", "inbox", get);
        assertRoute("/inbox/0c383e000001/approve", "approve", post, "0c383e000001");
        assertRoute("/events", "events", get);
        assertRoute("/me", "me", get);
    }

    private static void assertRoute(String path, String name, Set<String> methods, String... parameters) {
        assertThat(ApiServlet.route(path)).as(path).contains(new ApiServlet.Route(name, methods, List.of(parameters)));
    }

    @Test
    void unknownPathsHaveNoRoute() {
        for (String path : new String[] { null, "", "/", "/thing", "/things//commands", "/things/a/b", "/inbox/x",
                "/inbox/x/delete", "/things/a/commands/x" }) {
            assertThat(ApiServlet.route(path)).as(String.valueOf(path)).isEmpty();
        }
    }

    @Test
    void encodedSlashesAndDotsInTheRawPathAreRefusedBeforeTheContainerResolvesThem() {
        assertThat(ApiServlet.hasEncodedSeparator("/actionbridge/api/things/x%2F..%2Fdemo/commands")).isTrue();
        assertThat(ApiServlet.hasEncodedSeparator("/actionbridge/api/things/%2e%2e/things/demo")).isTrue();
        assertThat(ApiServlet.hasEncodedSeparator("/actionbridge/api/things/x%5c..%5Cdemo")).isTrue();
        assertThat(ApiServlet.hasEncodedSeparator("/actionbridge/api/things/desk-1/commands")).isFalse();
        assertThat(ApiServlet.hasEncodedSeparator("/actionbridge/api/inbox/ip:192.0.2.7/approve")).isFalse();
        assertThat(ApiServlet.hasEncodedSeparator(null)).isFalse();
    }

    @Test
    void countsTheDigitsOfANumberWithoutWritingThemOut() {
        for (String number : new String[] { "0", "7", "-12", "1.5", "0.001", "1e3", "12.5e-7", "1e-64", "9e63" }) {
            BigDecimal value = new BigDecimal(number);
            assertThat(ApiServlet.plainDigits(value)).as(number)
                    .isGreaterThanOrEqualTo(value.abs().toPlainString().length());
        }
        assertThat(ApiServlet.plainDigits(new BigDecimal("1e999999999"))).isGreaterThan(999_999_999L);
        assertThat(ApiServlet.plainDigits(new BigDecimal("1e-2147483647"))).isGreaterThan(2_000_000_000L);
        assertThat(ApiServlet.plainDigits(new BigDecimal("1e2147483647"))).isGreaterThan(2_000_000_000L);
    }

    private static CommandResult failed(CommandError error) {
        return CommandResult.rejected(CommandRequest.of("desk1", "dial", "0", "api"), error, "why");
    }

    @Test
    void mapsCommandOutcomesToStatusCodes() {
        assertThat(ApiServlet.statusOf(new CommandResult(CommandRequest.of("desk1", "answer", "", "api"), Optional.empty(),
                "HTTP 200", "http", Duration.ofMillis(3)))).isEqualTo(200);
        assertThat(ApiServlet.statusOf(failed(CommandError.UNKNOWN_COMMAND))).isEqualTo(400);
        assertThat(ApiServlet.statusOf(failed(CommandError.INVALID_VALUE))).isEqualTo(400);
        assertThat(ApiServlet.statusOf(failed(CommandError.UNKNOWN_THING))).isEqualTo(404);
        assertThat(ApiServlet.statusOf(failed(CommandError.CONFIGURATION_ERROR))).isEqualTo(409);
        assertThat(ApiServlet.statusOf(failed(CommandError.NO_TRANSPORT))).isEqualTo(503);
        assertThat(ApiServlet.statusOf(failed(CommandError.TIMEOUT))).isEqualTo(504);
        assertThat(ApiServlet.statusOf(failed(CommandError.UNREACHABLE))).isEqualTo(502);
        assertThat(ApiServlet.statusOf(failed(CommandError.INTERNAL))).isEqualTo(500);
    }
}
