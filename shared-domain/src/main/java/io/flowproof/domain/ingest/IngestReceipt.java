package io.flowproof.domain.ingest;

import io.flowproof.domain.model.RunRef;
import java.util.List;

/** A committed batch: how many events were stored and which runs it touched. */
public record IngestReceipt(int accepted, List<RunRef> runs) {}
