package io.footbridge.console.web;

import java.util.List;

/**
 * One page of a long list: the items and the cursor of the next page (null at the end). Lists are read a page at a
 * time by a cursor, never whole; the {@code paging} fragment draws the link to the next page.
 */
public record Listing<T>(List<T> items, String next) {

    /** The page as read with one row more than shown: that row, when there, says a next page exists. */
    public static <T> Listing<T> of(List<T> readOneMore, int limit, java.util.function.Function<T, String> cursor) {
        if (readOneMore.size() <= limit) {
            return new Listing<>(readOneMore, null);
        }
        List<T> shown = readOneMore.subList(0, limit);
        return new Listing<>(shown, cursor.apply(shown.get(limit - 1)));
    }
}
