package io.footbridge.console.web;

import io.footbridge.console.HomeFigures;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/** Numbers, money and times as the page's language writes them; times on the given clock. */
public record Formats(Locale locale) {

    /** Minor units of an ISO 4217 currency, with its symbol. */
    public String money(Number minor, String currency) {
        if (minor == null) {
            return "–";
        }
        Currency c = Currency.getInstance(currency);
        int digits = Math.max(0, c.getDefaultFractionDigits());
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(c);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minor.longValue()).movePointLeft(digits));
    }

    public String number(Number value) {
        return value == null ? "–" : NumberFormat.getIntegerInstance(locale).format(value);
    }

    public String decimal(Number value) {
        if (value == null) {
            return "–";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(1);
        return format.format(value);
    }

    /** A share from 0 to 1 as a percentage. */
    public String percent(Number share) {
        if (share == null) {
            return "–";
        }
        NumberFormat format = NumberFormat.getPercentInstance(locale);
        format.setMaximumFractionDigits(1);
        return format.format(share);
    }

    /** A figure's value in its unit: a count, money of its currency, a share or a score. */
    public String figure(HomeFigures.Figure figure, Double value) {
        if (value == null) {
            return "–";
        }
        return switch (figure.unit()) {
            case COUNT -> number(value);
            case MONEY -> money(Math.round(value), figure.currency());
            case SHARE -> percent(value);
            case SCORE -> decimal(value);
        };
    }

    /** The change against the previous period, with its sign; a share's change in percentage points. */
    public String change(HomeFigures.Figure figure) {
        Double change = figure.change();
        if (change == null) {
            return "–";
        }
        String magnitude = figure.unit() == HomeFigures.Unit.SHARE
                ? decimal(Math.abs(change) * 100) + " pp" : figure(figure, Math.abs(change));
        return (change > 0 ? "+" : change < 0 ? "−" : "±") + magnitude;
    }

    /** The daily values as a chart draws them: money in major units, shares in percent. */
    public java.util.List<Double> plain(HomeFigures.Figure figure) {
        int digits = figure.currency() == null ? 0
                : Math.max(0, Currency.getInstance(figure.currency()).getDefaultFractionDigits());
        return figure.daily().stream().map(v -> v == null ? null : switch (figure.unit()) {
            case MONEY -> v / Math.pow(10, digits);
            case SHARE -> Math.round(v * 1000) / 10.0;
            default -> v;
        }).toList();
    }

    public String time(Instant at, ZoneId zone) {
        return at == null ? "–" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).format(at.atZone(zone));
    }

    public String date(java.time.LocalDate day) {
        return day == null ? "–" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(day);
    }
}
