package dev.crowd.task;

/**
 * What an annotator produces per item. Only {@link #SINGLE_LABEL} is accepted today; the others are
 * named so jobs, answers and results can carry them without a schema change when they arrive.
 */
public enum TaskType {
    SINGLE_LABEL(true),
    MULTI_LABEL(false),
    TEXT_SPANS(false),
    BOUNDING_BOXES(false),
    TRANSCRIPTION(false);

    private final boolean supported;

    TaskType(boolean supported) {
        this.supported = supported;
    }

    public boolean supported() {
        return supported;
    }
}
