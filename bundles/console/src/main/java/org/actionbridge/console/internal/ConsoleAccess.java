package org.actionbridge.console.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs HTTP basic credentials in against a JAAS realm (Karaf's {@code karaf} by default) and decides
 * what the caller may do: read with a read role, write with a write role. Passwords are never logged.
 */
@Component(service = ConsoleAccess.class, configurationPid = ConsoleAccess.PID)
@Designate(ocd = ConsoleConfig.class)
public final class ConsoleAccess {

    static final String PID = "org.actionbridge.console";
    /** The realm named in {@code WWW-Authenticate}. */
    static final String CHALLENGE = "Basic realm=\"ActionBridge\", charset=\"UTF-8\"";

    /** What a request may do. */
    enum Decision {
        /** No or wrong credentials: 401 with a challenge. */
        UNAUTHENTICATED,
        /** Logged in, but without the role: 403. */
        FORBIDDEN,
        ALLOWED
    }

    private final Logger logger = LoggerFactory.getLogger(ConsoleAccess.class);
    private final String realm;
    private final Set<String> readRoles;
    private final Set<String> writeRoles;

    @Activate
    public ConsoleAccess(ConsoleConfig config) {
        this.realm = config.realm();
        this.writeRoles = roles(config.writeRoles());
        Set<String> read = new HashSet<>(roles(config.readRoles()));
        read.addAll(writeRoles); // whoever may write may read
        this.readRoles = Set.copyOf(read);
    }

    private static Set<String> roles(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    /** The caller of {@code request}, if its basic credentials log in. */
    Optional<Caller> caller(HttpServletRequest request) {
        return BasicCredentials.parse(request.getHeader("Authorization")).flatMap(this::login);
    }

    /** Whether {@code caller} (empty: not logged in) may read, or write when {@code write}. */
    Decision decide(Optional<Caller> caller, boolean write) {
        if (caller.isEmpty()) {
            return Decision.UNAUTHENTICATED;
        }
        return caller.get().hasAny(write ? writeRoles : readRoles) ? Decision.ALLOWED : Decision.FORBIDDEN;
    }

    /** Whether {@code caller} may write. */
    boolean mayWrite(Caller caller) {
        return caller.hasAny(writeRoles);
    }

    Optional<Caller> login(BasicCredentials credentials) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // JAAS loads the login module through the context class loader; Karaf's ProxyLoginModule is
        // boot-delegated, so this bundle's loader finds it
        thread.setContextClassLoader(ConsoleAccess.class.getClassLoader());
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> answer(callbacks, credentials));
            context.login();
            Set<String> roles = subject.getPrincipals().stream()
                    .filter(p -> p.getClass().getSimpleName().equals("RolePrincipal"))
                    .map(p -> p.getName()).collect(Collectors.toSet());
            try {
                context.logout();
            } catch (LoginException e) {
                logger.debug("JAAS logout failed: {}", e.getMessage());
            }
            return Optional.of(new Caller(credentials.user(), roles));
        } catch (LoginException e) {
            logger.debug("HTTP login refused for user '{}': {}", printable(credentials.user()), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            logger.warn("HTTP login against JAAS realm '{}' failed: {}", realm, e.toString());
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void answer(Callback[] callbacks, BasicCredentials credentials)
            throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(credentials.user());
            } else if (callback instanceof PasswordCallback password) {
                password.setPassword(credentials.password().toCharArray());
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
