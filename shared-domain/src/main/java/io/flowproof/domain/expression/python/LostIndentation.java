package io.flowproof.domain.expression.python;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds the block structure of a script whose lines all start at column 1.
 *
 * <p>The Python SDK sends a {@code def} body as its <em>stripped</em> lines joined with {@code \n}, so
 * <pre>
 * for d in ctx["deps"]:
 *     if d["id"] == "paid":
 *         return True
 * return False
 * </pre>
 * arrives as four lines at column 1. Indentation cannot be recovered exactly in general; these rules
 * recover it for the way validators are written:
 * <ol>
 *   <li>A line ending with {@code :} ({@code if}, {@code elif}, {@code else}, {@code for}, {@code while},
 *       {@code def}) opens a block, and the next line is the first line of that block.</li>
 *   <li>A {@code return}, {@code break}, {@code continue} or {@code pass} line ends the innermost open
 *       block: the next line goes one level out. (Code after such a statement in the same block could
 *       never run, so the line after it must belong to an outer block.)</li>
 *   <li>An {@code elif} or {@code else} line goes back to the most recent {@code if} whose chain is still
 *       open, closing the blocks in between. An {@code if} chain closes when a later line (other than its
 *       {@code elif}/{@code else}) is placed at its level or further out, or after its {@code else}.</li>
 *   <li>The last line, when it is a {@code return}, belongs to the top level of the function (the final
 *       answer), unless rule 1 puts it into a block that would otherwise be empty.</li>
 *   <li>Any other line stays in the current block.</li>
 * </ol>
 * A script that starts with {@code def name(...):} treats everything after that line as the function body.
 *
 * <p>What cannot be told apart: a statement meant to follow a block that has no terminating statement,
 * e.g. {@code if x:} / {@code y = 1} / {@code z = 2} puts {@code z = 2} inside the {@code if}. Send
 * indented source (or end the block with {@code pass}) when that matters. {@code for ... else} and
 * {@code while ... else} are not recognised without indentation.
 */
final class LostIndentation {

    private static final Set<String> TERMINATORS = Set.of("return", "break", "continue", "pass");
    private static final Set<String> COMPOUND = Set.of("if", "elif", "else", "for", "while", "def");

    private LostIndentation() {}

    /** The block level of each line (0 = top level). */
    static int[] levels(List<Lexer.Line> lines) {
        int n = lines.size();
        int[] levels = new int[n];
        int base = 0;
        int start = 0;
        if (n > 0 && isHeader(lines.get(0)) && lines.get(0).firstWord().equals("def")) {
            base = 1;
            start = 1;
        }
        // levels of the if-chains still open, innermost last (always increasing from bottom to top)
        Deque<Integer> chains = new ArrayDeque<>();
        int current = base;
        boolean afterHeader = start == 1;
        for (int i = start; i < n; i++) {
            Lexer.Line line = lines.get(i);
            String word = line.firstWord();
            boolean continuation = word.equals("elif") || word.equals("else");
            int level;
            if (afterHeader) {
                level = current;
            } else if (continuation) {
                level = chains.isEmpty() ? current : chains.peekLast();
            } else if (i == n - 1 && word.equals("return")) {
                level = base;
            } else {
                level = current;
            }
            while (!chains.isEmpty() && (continuation ? chains.peekLast() > level : chains.peekLast() >= level)) {
                chains.removeLast();
            }
            if (word.equals("else") && !chains.isEmpty() && chains.peekLast() == level) {
                chains.removeLast();
            }
            levels[i] = level;
            if (word.equals("if")) {
                chains.addLast(level);
            }
            if (isHeader(line)) {
                current = level + 1;
                afterHeader = true;
            } else {
                afterHeader = false;
                current = TERMINATORS.contains(word) ? Math.max(base, level - 1) : level;
            }
        }
        return levels;
    }

    private static boolean isHeader(Lexer.Line line) {
        return COMPOUND.contains(line.firstWord()) && line.endsWithColon();
    }
}
