package io.flowproof.infra.store;

import io.flowproof.domain.DomainException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Translates driver failures into the domain's typed set, once, for every store adapter: a database
 * that cannot be reached (connection refused, pool exhausted, server shutting down, timeouts) becomes
 * {@link DomainException.Unavailable}; everything else stays as it is (a bug, answered with a 500).
 */
final class StoreErrors {

    private StoreErrors() {}

    static Throwable translate(Throwable error) {
        if (error instanceof DomainException) {
            return error;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof R2dbcNonTransientResourceException
                    || cause instanceof R2dbcTransientResourceException
                    || cause instanceof IOException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                return new DomainException.Unavailable("The database is unavailable: " + cause.getClass().getSimpleName(), error);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return error;
    }
}
