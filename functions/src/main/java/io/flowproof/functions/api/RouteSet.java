package io.flowproof.functions.api;

import java.util.List;

/** A group of endpoints; every {@code RouteSet} bean is served by the {@link ApiRouter}. */
public interface RouteSet {

    List<Route> routes();
}
