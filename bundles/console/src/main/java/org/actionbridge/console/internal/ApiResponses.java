package org.actionbridge.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletResponse;

/** Writes JSON answers and the API's errors ({@code {"error": "NOT_FOUND", "message": "..."}}). */
final class ApiResponses {

    private ApiResponses() {
    }

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void error(HttpServletResponse response, int status, String error, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        json(response, status, body);
    }

    /** 401 with the basic-auth challenge. */
    static void unauthorized(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", ConsoleAccess.CHALLENGE);
        error(response, 401, "UNAUTHORIZED", "log in with HTTP basic authentication (a user of Karaf's realm)");
    }

    static void forbidden(HttpServletResponse response, boolean write) throws IOException {
        error(response, 403, "FORBIDDEN", write ? "this needs the admin role" : "this needs the viewer role");
    }
}
