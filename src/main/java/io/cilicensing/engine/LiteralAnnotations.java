package io.cilicensing.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses DRL whose annotation values are not literals. Drools evaluates an annotation's value
 * as an MVEL expression while it compiles (a rule's {@code @note(x)} single value,
 * {@code @ActivationListener}), so {@code @note(java.lang.Runtime.getRuntime().exec("..."))}
 * would run a command in whatever process compiles the text, before any scenario or decision.
 * This check reads the text before Drools does, skipping comments and string literals, and
 * allows in an annotation's parentheses only: string literals, numbers (with time units such as
 * {@code 1h30m}), plain names without dots ({@code event}, {@code true}, property names of
 * {@code @watch}), and {@code , = ! * - [ ] { }}. No call, no dot, no {@code new}: nothing that
 * can reach code.
 */
final class LiteralAnnotations {
    private static final String PUNCTUATION = ",=!*-[]{}";

    private LiteralAnnotations() {}

    /** Every annotation of every file whose value is not literals, as {@code file:line}. */
    static List<RuleError> check(Map<String, String> files) {
        List<RuleError> errors = new ArrayList<>();
        files.forEach((file, text) -> check(file, text, errors));
        return errors;
    }

    private static void check(String file, String text, List<RuleError> errors) {
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (text.startsWith("//", i)) {
                i = lineEnd(text, i);
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(text, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = stringEnd(text, i);
                line += count(text, i, end);
                i = end;
            } else if (c == '@' && i + 1 < n && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
                int nameEnd = i + 1;
                while (nameEnd < n && (Character.isJavaIdentifierPart(text.charAt(nameEnd)) || text.charAt(nameEnd) == '.')) {
                    nameEnd++;
                }
                String name = text.substring(i + 1, nameEnd);
                int open = nameEnd;
                while (open < n && (text.charAt(open) == ' ' || text.charAt(open) == '\t')) {
                    open++;
                }
                if (open < n && text.charAt(open) == '(') {
                    int close = valueEnd(text, open + 1);
                    if (close < 0) {
                        return; // unbalanced: Drools' parser reports it
                    }
                    String problem = problem(text.substring(open + 1, close));
                    if (problem != null) {
                        errors.add(new RuleError(file, line, "@" + name + "(...) is not a literal (" + problem
                                + "): annotation values are evaluated as code when the rules compile, so only strings, "
                                + "numbers, true/false and plain names are allowed"));
                    }
                    line += count(text, i, close + 1);
                    i = close + 1;
                } else {
                    i = nameEnd;
                }
            } else {
                i++;
            }
        }
    }

    /** Why the text between an annotation's parentheses is not literals, or null when it is. */
    private static String problem(String value) {
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || PUNCTUATION.indexOf(c) >= 0) {
                i++;
            } else if (c == '"' || c == '\'') {
                i = stringEnd(value, i);
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(value.charAt(i)) || value.charAt(i) == '_'
                        || value.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(value.charAt(i))) {
                    i++;
                }
                if (value.substring(start, i).equals("new")) {
                    return "'new'";
                }
            } else {
                return "'" + c + "'";
            }
        }
        return null;
    }

    /** The index of the ')' closing a value that starts at {@code from}, strings skipped; -1 if none. */
    private static int valueEnd(String text, int from) {
        int depth = 0;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = stringEnd(text, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
            i++;
        }
        return -1;
    }

    /** The index after the string literal starting at {@code start} (a quote; Java text blocks too). */
    private static int stringEnd(String text, int start) {
        char quote = text.charAt(start);
        if (quote == '"' && text.startsWith("\"\"\"", start)) {
            int end = text.indexOf("\"\"\"", start + 3);
            return end < 0 ? text.length() : end + 3;
        }
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote || c == '\n') {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static int lineEnd(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }

    private static int count(String text, int from, int to) {
        int lines = 0;
        for (int i = from; i < to && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
