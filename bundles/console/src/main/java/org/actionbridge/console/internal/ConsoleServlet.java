package org.actionbridge.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the web console's static files (vendored in this bundle under {@code console/}) at
 * {@code /actionbridge/}, to logged-in users with a read role. The page talks to the JSON API.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/actionbridge/*")
@HttpWhiteboardServletName("actionbridge-console")
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(String contentType, byte[] bytes) {
    }

    private final transient ConsoleAccess access;
    private final transient Map<String, Asset> assets;

    @Activate
    public ConsoleServlet(@Reference ConsoleAccess access) {
        this.access = access;
        this.assets = Map.of(
                "/", load("index.html", "text/html; charset=utf-8"),
                "/console.css", load("console.css", "text/css; charset=utf-8"),
                "/console.js", load("console.js", "text/javascript; charset=utf-8"),
                "/icon.svg", load("icon.svg", "image/svg+xml"));
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = ConsoleServlet.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is missing from the bundle");
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.isEmpty()) {
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        Optional<Caller> caller = access.caller(request);
        switch (access.decide(caller, false)) {
            case UNAUTHENTICATED -> {
                ApiResponses.unauthorized(response);
                return;
            }
            case FORBIDDEN -> {
                ApiResponses.forbidden(response, false);
                return;
            }
            case ALLOWED -> {
                // go on
            }
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            ApiResponses.error(response, 405, "METHOD_NOT_ALLOWED", "only GET is allowed here");
            return;
        }
        Asset asset = assets.get(path.equals("/index.html") ? "/" : path);
        if (asset == null) {
            ApiResponses.error(response, 404, "NOT_FOUND", "no such page: " + request.getRequestURI());
            return;
        }
        response.setStatus(200);
        response.setContentType(asset.contentType());
        response.setContentLength(asset.bytes().length);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", CSP);
        if (method.equals("GET")) {
            response.getOutputStream().write(asset.bytes());
        }
    }
}
