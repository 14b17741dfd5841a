package io.flowproof.sdk;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.BiConsumer;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a batch as the SDKs' wire format: a bare JSON array of
 * {@code {flow, id, run_id, type, data, ts, description?, dep_ids?, filter?, validator?, conditions?, additional_meta?}}
 * in that key order (the Python SDK's), optional keys left out when unset, {@code ts} an int64 of nanoseconds.
 *
 * <p>Each event is written into its own buffer first, so one event whose data Jackson cannot serialise (or which
 * serialises to something other than an object) is dropped alone, not the batch. Used by the sender thread only.
 */
final class EventEncoder {

    /** A byte buffer that lets us look at what was written. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte at(int index) {
            return buf[index];
        }

        void appendTo(ByteArrayOutputStream target) {
            target.write(buf, 0, count);
        }
    }

    /** A request body and the number of events in it. */
    record Encoded(byte[] body, int events) {
    }

    private final JsonMapper mapper;
    private final Buffer batch = new Buffer(16 * 1024);
    private final Buffer event = new Buffer(1024);

    EventEncoder(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The JSON body for {@code events}; events that cannot be written are passed to {@code onInvalid} with the
     * reason and left out. Returns {@code null} when no event could be written.
     */
    Encoded encode(List<PendingEvent> events, BiConsumer<PendingEvent, String> onInvalid) {
        batch.reset();
        batch.write('[');
        int written = 0;
        for (PendingEvent e : events) {
            String problem = encodeOne(e);
            if (problem != null) {
                onInvalid.accept(e, problem);
                continue;
            }
            if (written++ > 0) {
                batch.write(',');
            }
            event.appendTo(batch);
        }
        if (written == 0) {
            return null;
        }
        batch.write(']');
        return new Encoded(batch.toByteArray(), written);
    }

    private String encodeOne(PendingEvent e) {
        event.reset();
        try (JsonGenerator g = mapper.createGenerator(event)) {
            g.writeStartObject();
            g.writeStringProperty("flow", e.flow());
            g.writeStringProperty("id", e.id());
            g.writeStringProperty("run_id", e.runId());
            g.writeStringProperty("type", e.type());
            g.writeName("data");
            g.flush();
            int dataStart = event.size();
            g.writePOJO(e.data());
            g.flush();
            if (!startsAnObject(dataStart)) {
                return "data did not serialise to a JSON object";
            }
            g.writeNumberProperty("ts", e.ts());
            if (e.description() != null) {
                g.writeStringProperty("description", e.description());
            }
            if (e.depIds() != null) {
                g.writeName("dep_ids");
                g.writeStartArray();
                for (String dep : e.depIds()) {
                    g.writeString(dep);
                }
                g.writeEndArray();
            }
            writeExpr(g, "filter", e.filter());
            writeExpr(g, "validator", e.validator());
            if (e.timeoutsMs() != null) {
                g.writeName("conditions");
                g.writeStartArray();
                for (long timeout : e.timeoutsMs()) {
                    g.writeStartObject();
                    g.writeNumberProperty("timeout_ms", timeout);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (e.additionalMeta() != null) {
                g.writePOJOProperty("additional_meta", e.additionalMeta());
            }
            g.writeEndObject();
        } catch (RuntimeException | StackOverflowError failure) { // Jackson 3 exceptions are unchecked
            return "data or additional_meta could not be serialised: " + failure;
        }
        return null;
    }

    /** Whether the first value byte at or after {@code from} opens an object (the name separator comes lazily). */
    private boolean startsAnObject(int from) {
        for (int i = from; i < event.size(); i++) {
            byte b = event.at(i);
            if (b != ':' && b != ' ') {
                return b == '{';
            }
        }
        return false;
    }

    private static void writeExpr(JsonGenerator g, String name, Expr expr) {
        if (expr != null) {
            g.writeName(name);
            g.writeStartObject();
            g.writeStringProperty("engine", expr.engine().wireName());
            g.writeStringProperty("script", expr.script());
            g.writeEndObject();
        }
    }
}
