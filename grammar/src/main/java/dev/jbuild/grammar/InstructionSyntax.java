package dev.jbuild.grammar;

import dev.jbuild.grammar.antlr.InstructionLexer;
import dev.jbuild.grammar.antlr.InstructionParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Reads the keyword, flags and argument text of one logical line with the Instruction grammar.
 * One instance is reused for every line of a file: building a lexer and parser per line cost
 * more than parsing the line.
 */
final class InstructionSyntax {

    private final InstructionLexer lexer = new InstructionLexer(null);
    private final InstructionParser parser = new InstructionParser(null);

    InstructionSyntax() {
        lexer.removeErrorListeners();
        parser.removeErrorListeners();
        parser.addErrorListener(InstructionRules.Bail.INSTANCE);
        // the grammar is LL(1) at every decision, so the cheaper SLL prediction is exact
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    }

    /** @throws org.antlr.v4.runtime.misc.ParseCancellationException when the line does not match */
    InstructionParser.InstructionContext parse(String text) {
        lexer.setInputStream(CharStreams.fromString(text));
        parser.setTokenStream(new CommonTokenStream(lexer));
        return parser.instruction();
    }
}
