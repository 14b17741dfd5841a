package io.flowproof.domain.node;

import java.util.List;

/** The answer to a scan upload: counts and the payload's flow keys, in payload order. */
public record ScanResult(int created, int updated, int deleted, List<String> flows) {}
