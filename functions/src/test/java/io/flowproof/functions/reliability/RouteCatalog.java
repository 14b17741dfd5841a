package io.flowproof.functions.reliability;

import io.flowproof.functions.api.Route;
import io.flowproof.functions.api.RouteSet;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Every route of the API, found without starting the app: each {@link RouteSet} implementation on the classpath is
 * instantiated with null collaborators (building routes calls none of them) and asked for its routes. A new RouteSet
 * or a new route in an existing one is therefore part of every security test that uses this catalog;
 * {@code RouteAuthMatrixTest} checks the catalog equals the routes of the running router.
 */
public final class RouteCatalog {

    private RouteCatalog() {}

    public static List<Route> all() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(RouteSet.class));
        List<Route> routes = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.flowproof.functions")) {
            routes.addAll(instantiate(candidate.getBeanClassName()).routes());
        }
        routes.sort(Comparator.comparing(Route::template).thenComparing(Route::method));
        return routes;
    }

    private static RouteSet instantiate(String className) {
        try {
            Class<?> type = Class.forName(className);
            if (type.getConstructors().length > 0) {
                Constructor<?> constructor = type.getConstructors()[0];
                return (RouteSet) constructor.newInstance(placeholders(constructor.getParameterTypes()));
            }
            // no public constructor: its public static factory (ConsoleAssets.fromClasspath)
            for (java.lang.reflect.Method factory : type.getMethods()) {
                if (java.lang.reflect.Modifier.isStatic(factory.getModifiers()) && type.isAssignableFrom(factory.getReturnType())) {
                    return (RouteSet) factory.invoke(null, placeholders(factory.getParameterTypes()));
                }
            }
            throw new IllegalStateException(className + " has neither a public constructor nor a static factory");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot list the routes of " + className, e);
        }
    }

    /** Zeros, false, this class's loader for a ClassLoader, null for the rest: route lists never use their handlers' dependencies. */
    private static Object[] placeholders(Class<?>[] types) {
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            arguments[i] = types[i] == int.class || types[i] == long.class ? 0 : types[i] == boolean.class ? false
                    : types[i] == ClassLoader.class ? RouteCatalog.class.getClassLoader() : null;
        }
        return arguments;
    }

    /** The route's path with every {@code {variable}} filled in. */
    public static String examplePath(Route route) {
        return route.template().replaceAll("\\{[^}]+}", "x");
    }
}
