package dev.crowd.task.imports;

/** Where a parser sends each row it reads: a good item, or a reason the row is bad. */
public interface ImportSink {

    /**
     * @param line       1-based line (CSV/JSONL) or task position (Label Studio) where the row starts
     * @param externalId the requester's own id of the item, may be null
     * @param data       the item's content as a JSON object (text, media URLs...), never empty
     * @param goldLabel  the known answer when the row is a gold item, else null
     */
    void item(long line, String externalId, com.fasterxml.jackson.databind.node.ObjectNode data, String goldLabel);

    void error(long line, String field, String reason);

    /** False once the upload has failed so badly that reading on is pointless (e.g. not the format at all). */
    default boolean wantsMore() {
        return true;
    }
}
