package dev.crowd.answers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * What an annotator produces per item. The wire name ({@code multi-label}) is what jobs, events,
 * exports and benchmark folders carry; the enum name ({@code MULTI_LABEL}) and the old names
 * ({@code TEXT_SPANS}, {@code BOUNDING_BOXES}) are accepted on input.
 */
public enum AnswerType {
    SINGLE_LABEL("single-label", true),
    MULTI_LABEL("multi-label", true),
    SPANS("spans", true),
    BOXES("boxes", false),
    TRANSCRIPTION("transcription", false);

    private final String wireName;
    private final boolean accepted;

    AnswerType(String wireName, boolean accepted) {
        this.wireName = wireName;
        this.accepted = accepted;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether jobs of this type can be created today (boxes and transcription have the model, not yet the flow). */
    public boolean accepted() {
        return accepted;
    }

    /** The type named {@code name} in any accepted spelling; null for an unknown name. */
    @JsonCreator
    public static AnswerType parse(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "text-spans" -> SPANS;
            case "bounding-boxes" -> BOXES;
            default -> Arrays.stream(values()).filter(t -> t.wireName.equals(n)).findFirst().orElse(null);
        };
    }

    @Override
    public String toString() {
        return wireName;
    }
}
