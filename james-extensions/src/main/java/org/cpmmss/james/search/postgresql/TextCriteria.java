package org.cpmmss.james.search.postgresql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressOperator;
import org.apache.james.mailbox.model.SearchQuery.ContainsOperator;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.DateOperator;
import org.apache.james.mailbox.model.SearchQuery.ExistsOperator;
import org.apache.james.mailbox.model.SearchQuery.HeaderCriterion;
import org.apache.james.mailbox.model.SearchQuery.InternalDateCriterion;
import org.apache.james.mailbox.model.SearchQuery.NumericOperator;
import org.apache.james.mailbox.model.SearchQuery.SaveDateCriterion;
import org.apache.james.mailbox.model.SearchQuery.SizeCriterion;
import org.apache.james.mailbox.model.SearchQuery.SubjectCriterion;
import org.apache.james.mailbox.model.SearchQuery.TextCriterion;
import org.cpmmss.james.search.text.FactQueries;
import org.cpmmss.james.search.text.TextDocuments;
import org.cpmmss.james.search.text.TextQueries;
import org.cpmmss.james.search.text.TrigramTokenizer;

/**
 * The criteria the PostgreSQL search index answers, as SQL conditions on a row of {@code cpm_search_entry}: the same
 * criteria, with the same meaning, as {@link TextQueries} and {@link FactQueries} give the embedded index. A substring
 * criterion is {@code strpos} on the folded text (exact), after a GIN prefilter on the search string's trigrams when
 * it has three characters or more; dates compare the embedded index's string forms; a criterion neither answers is
 * left to the folder's metadata (empty).
 */
final class TextCriteria {
    /** At most this many trigrams of a search string go into the prefilter (strpos decides anyway). */
    private static final int PREFILTER_GRAMS = 12;

    /** An SQL condition and its parameters, in order. */
    record Condition(String sql, List<Object> parameters) {
        static Condition of(String sql, Object... parameters) {
            return new Condition(sql, List.of(parameters));
        }
    }

    private TextCriteria() {
    }

    static Optional<Condition> condition(Criterion criterion) {
        return text(criterion).or(() -> fact(criterion));
    }

    /** Mirrors {@link TextQueries#query}. */
    private static Optional<Condition> text(Criterion criterion) {
        if (criterion instanceof TextCriterion text) {
            String value = text.getOperator().getValue();
            if (text.getType() == SearchQuery.Scope.BODY) {
                return Optional.of(substring("body", 'b', value));
            }
            if (text.getType() == SearchQuery.Scope.FULL) {
                return Optional.of(or(substring("body", 'b', value), substring("header_text", 'h', value)));
            }
            return Optional.empty();
        }
        if (criterion instanceof SubjectCriterion subject) {
            String value = subject.getSubject();
            return value == null || value.isEmpty() ? Optional.empty() : Optional.of(inJson("header_values", "subject", value));
        }
        if (criterion instanceof HeaderCriterion header) {
            String name = header.getHeaderName().toLowerCase(Locale.ROOT);
            if (header.getOperator() instanceof ContainsOperator contains) {
                String value = contains.getValue();
                return value == null || value.isEmpty() ? Optional.empty() : Optional.of(inJson("header_values", name, value));
            }
            if (header.getOperator() instanceof AddressOperator address) {
                String value = address.getAddress();
                return value == null || value.isEmpty() ? Optional.empty() : Optional.of(inJson("addresses", name, value));
            }
            if (header.getOperator() instanceof DateOperator date && "date".equals(name)
                && date.getDateResultion() == SearchQuery.DateResolution.Day) {
                String day = TextDocuments.day(date.getDate());
                switch (date.getType()) {
                    case BEFORE:
                        return Optional.of(Condition.of("sent_day < ?", day));
                    case AFTER:
                        return Optional.of(Condition.of("sent_day > ?", day));
                    case ON:
                        return Optional.of(Condition.of("sent_day = ?", day));
                    default:
                        return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Mirrors {@link FactQueries#query}. */
    private static Optional<Condition> fact(Criterion criterion) {
        if (criterion instanceof SizeCriterion size) {
            NumericOperator operator = size.getOperator();
            switch (operator.getType()) {
                case GREATER_THAN:
                    return Optional.of(Condition.of("size > ?", operator.getValue()));
                case LESS_THAN:
                    return Optional.of(Condition.of("size < ?", operator.getValue()));
                default:
                    return Optional.of(Condition.of("size = ?", operator.getValue()));
            }
        }
        if (criterion instanceof InternalDateCriterion date) {
            return Optional.of(date("arrival_ms", date.getOperator()));
        }
        if (criterion instanceof SaveDateCriterion date) {
            return Optional.of(date("saved_ms", date.getOperator()));
        }
        if (criterion instanceof SubjectCriterion subject && (subject.getSubject() == null || subject.getSubject().isEmpty())) {
            return Optional.of(exists("Subject"));
        }
        if (criterion instanceof HeaderCriterion header) {
            if (header.getOperator() instanceof ExistsOperator) {
                return Optional.of(exists(header.getHeaderName()));
            }
            if (header.getOperator() instanceof ContainsOperator contains
                && (contains.getValue() == null || contains.getValue().isEmpty())) {
                return Optional.of(exists(header.getHeaderName()));
            }
        }
        return Optional.empty();
    }

    private static Condition exists(String headerName) {
        return Condition.of("? = ANY(header_names)", TextRow.clean(headerName.toLowerCase(Locale.ROOT)));
    }

    private static Condition date(String column, DateOperator operator) {
        switch (operator.getType()) {
            case BEFORE:
                return Condition.of(column + " < ?", FactQueries.lowest(operator));
            case AFTER:
                return Condition.of(column + " > ?", FactQueries.highest(operator));
            default:
                return Condition.of(column + " BETWEEN ? AND ?", FactQueries.lowest(operator), FactQueries.highest(operator));
        }
    }

    /** Rows whose text column contains the string (folded); the empty string matches every row. */
    private static Condition substring(String column, char gramPrefix, String value) {
        String folded = searched(value);
        int length = folded.codePointCount(0, folded.length());
        if (length == 0) {
            return Condition.of("TRUE");
        }
        if (length < 3) {
            return Condition.of("strpos(" + column + ", ?) > 0", folded);
        }
        Set<String> grams = new LinkedHashSet<>();
        for (String gram : TrigramTokenizer.trigrams(folded)) {
            if (grams.size() == PREFILTER_GRAMS) {
                break;
            }
            grams.add(gramPrefix + gram);
        }
        List<String> quoted = new ArrayList<>();
        grams.forEach(gram -> quoted.add(TsQueries.quote(gram)));
        return Condition.of("grams @@ ?::tsquery AND strpos(" + column + ", ?) > 0",
            TsQueries.orEveryRow(String.join(" & ", quoted)), folded);
    }

    /** Rows where the JSON object's member (a header's values, an address header's text) contains the string. */
    private static Condition inJson(String column, String member, String value) {
        String folded = searched(value);
        if (folded.isEmpty()) {
            return Condition.of("TRUE"); // as the embedded index: an empty folded string matches every message
        }
        return Condition.of("strpos(" + column + " ->> ?, ?) > 0", TextRow.clean(member), folded);
    }

    private static Condition or(Condition a, Condition b) {
        List<Object> parameters = new ArrayList<>(a.parameters());
        parameters.addAll(b.parameters());
        return new Condition("((" + a.sql() + ") OR (" + b.sql() + "))", parameters);
    }

    private static String searched(String value) {
        return TextRow.clean(TextQueries.searchString(value));
    }
}
