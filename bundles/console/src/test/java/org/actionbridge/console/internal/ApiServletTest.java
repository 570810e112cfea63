package org.actionbridge.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.junit.jupiter.api.Test;

class ApiServletTest {

    @Test
    void routesEveryEndpoint() {
        assertThat(ApiServlet.route("/things")).hasValueSatisfying(r -> assertThat(r.toString()).contains("things"));
        assertThat(ApiServlet.route("/things/desk1").map(Object::toString).orElse("")).contains("name=thing", "desk1");
        assertThat(ApiServlet.route("/things/desk1/").map(Object::toString).orElse("")).contains("name=thing");
        assertThat(ApiServlet.route("/things/desk1/commands").map(Object::toString).orElse("")).contains("commands", "POST");
        assertThat(ApiServlet.route("/things/desk1/action-urls").map(Object::toString).orElse("")).contains("action-urls");
        assertThat(ApiServlet.route("/inbox").map(Object::toString).orElse("")).contains("inbox");
        assertThat(ApiServlet.route("/inbox/0c383e000001/approve").map(Object::toString).orElse(""))
                .contains("approve", "0c383e000001");
        assertThat(ApiServlet.route("/events").map(Object::toString).orElse("")).contains("events");
        assertThat(ApiServlet.route("/me").map(Object::toString).orElse("")).contains("me");
    }

    @Test
    void unknownPathsHaveNoRoute() {
        for (String path : new String[] { null, "", "/", "/thing", "/things//commands", "/things/a/b", "/inbox/x",
                "/inbox/x/delete", "/things/a/commands/x" }) {
            assertThat(ApiServlet.route(path)).as(String.valueOf(path)).isEmpty();
        }
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
