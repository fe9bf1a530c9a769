package io.pulseboard.ingest.http;

import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;

/** A request body received whole, as the chunks it arrived in (decompressed, if it was sent compressed). */
record ReceivedBody(List<Buffer> chunks, long size) {

    /** Where {@link BodyReceiver} leaves the body for the resource. */
    static final String KEY = ReceivedBody.class.getName();

    static final ReceivedBody EMPTY = new ReceivedBody(List.of(), 0);

    InputStream inputStream() {
        return new SequenceInputStream(Collections.enumeration(chunks.stream()
                .map(chunk -> (InputStream) new ByteBufInputStream(chunk.getByteBuf()))
                .toList()));
    }
}
