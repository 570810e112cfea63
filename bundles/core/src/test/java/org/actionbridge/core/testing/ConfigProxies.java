package org.actionbridge.core.testing;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;

/**
 * Instances of a component's metatype configuration interface for unit tests, as Declarative Services would
 * hand them over: the value given for a method's name, else the default of its attribute definition.
 */
public final class ConfigProxies {

    private ConfigProxies() {
    }

    /**
     * A {@code type} answering {@code values} by method name; a method without value or default throws, and so
     * does a value for no method (a misspelt name would otherwise leave the default in place unnoticed).
     */
    public static <T> T of(Class<T> type, Map<String, ?> values) {
        for (String name : values.keySet()) {
            if (Arrays.stream(type.getMethods()).noneMatch(m -> m.getName().equals(name) && m.getParameterCount() == 0)) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no attribute " + name);
            }
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> type.getSimpleName() + values;
                        };
                    }
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    Object fallback = method.getDefaultValue();
                    if (fallback == null) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
                                + " has neither a test value nor a default");
                    }
                    return fallback;
                }));
    }
}
