package io.flowproof.domain.node;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.Expressions;
import java.util.List;

/** Rejects filters and validators that do not compile, naming the field and the position. */
final class NodeExpressions {

    private NodeExpressions() {}

    static void check(Expressions expressions, Expr expr, String field) {
        if (expr == null || !expressions.supports(expr.engine())) {
            return; // an engine that is not installed yet is reported at evaluation time
        }
        String error = expressions.syntaxError(expr, Expressions.PREDICATE_VARIABLES);
        if (error != null) {
            throw new DomainException.Invalid(List.of("body", field, "script"), error);
        }
    }
}
