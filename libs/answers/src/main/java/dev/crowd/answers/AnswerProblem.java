package dev.crowd.answers;

/**
 * An answer that does not fit its job or item. {@code field} is the path of the value at fault, e.g.
 * {@code answers[3].spans[1].end}; {@code detail} says what is wrong in words a person can act on.
 */
public final class AnswerProblem extends RuntimeException {

    private final String field;

    public AnswerProblem(String field, String detail) {
        super(detail, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String detail() {
        return getMessage();
    }
}
