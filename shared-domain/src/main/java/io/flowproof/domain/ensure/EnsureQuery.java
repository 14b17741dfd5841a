package io.flowproof.domain.ensure;

/** Filters of the ensure-run list: flow and state may be null (any); newest first. */
public record EnsureQuery(String flow, EnsureState state, int limit, int offset) {}
