package io.footbridge.console.journeys;

import io.footbridge.journeys.Journeys;
import org.springframework.web.util.HtmlUtils;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A journey's flow drawn as SVG on the server: the trigger with the people who entered, each step as a box with
 * the people waiting at it and its outcomes, branches, variants and a {@code waitFor}'s two ways side by side, and
 * the goal with the conversions. The tree comes from the steps' paths ({@code steps[0].branch.then[1].send}).
 */
final class JourneyDiagram {

    private static final int BOX_W = 210;
    private static final int BOX_H = 58;
    private static final int GAP_Y = 34;
    private static final int GAP_X = 24;
    private static final int MARGIN = 16;
    /** The list a step stands in and its index: {@code steps[0].branch.then} and 1. */
    private static final Pattern PLACE = Pattern.compile("^(.*)\\[(\\d+)]\\.[A-Za-z]+$");
    /** A list inside a step: a branch's or waitFor's {@code then}/{@code else}, a split's {@code [1].steps}. */
    private static final Pattern ARM = Pattern.compile("^(.*\\.(?:branch|waitFor|split))(?:\\.(then|else)|\\[(\\d+)]\\.steps)$");

    private record Node(Journeys.StepFigures step, Map<String, List<Node>> arms) {
    }

    private final StringBuilder svg = new StringBuilder();
    private final Function<String, String> words;

    private JourneyDiagram(Function<String, String> words) {
        this.words = words;
    }

    /**
     * @param words the page's wording for {@code entered}, {@code converted}, {@code waiting}, {@code then},
     *              {@code else}, {@code variant}, {@code goal}, {@code noGoal} and {@code title}
     */
    static String svg(Journeys.Stats stats, String goal, Function<String, String> words) {
        Map<String, List<Node>> lists = new LinkedHashMap<>();
        Map<String, Node> byPath = new LinkedHashMap<>();
        for (Journeys.StepFigures step : stats.steps()) {
            Node node = new Node(step, new LinkedHashMap<>());
            byPath.put(step.path(), node);
            Matcher place = PLACE.matcher(step.path());
            if (place.matches()) {
                lists.computeIfAbsent(place.group(1), k -> new ArrayList<>()).add(node);
            }
        }
        lists.forEach((list, nodes) -> {
            Matcher arm = ARM.matcher(list);
            if (arm.matches() && byPath.containsKey(arm.group(1))) {
                String name = arm.group(2) != null ? arm.group(2) : "variant " + arm.group(3);
                byPath.get(arm.group(1)).arms().put(name, nodes);
            }
        });
        // a branch or waitFor with an empty way still shows it, so both ways are seen
        byPath.values().forEach(n -> {
            if (n.step().kind().equals("branch") || n.step().kind().equals("waitFor")) {
                Map<String, List<Node>> both = new LinkedHashMap<>();
                both.put("then", n.arms().getOrDefault("then", List.of()));
                both.put("else", n.arms().getOrDefault("else", List.of()));
                n.arms().clear();
                n.arms().putAll(both);
            }
        });
        List<Node> top = lists.getOrDefault("steps", List.of());
        return new JourneyDiagram(words).draw(top, stats, goal);
    }

    private String draw(List<Node> top, Journeys.Stats stats, String goal) {
        int width = Math.max(BOX_W, width(top)) + 2 * MARGIN;
        int height = 2 * (BOX_H + GAP_Y) + height(top) + 2 * MARGIN;
        int cx = width / 2;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"journey-flow\" role=\"img\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
                .append(' ').append(height).append("\" font-family=\"system-ui, sans-serif\" font-size=\"12\">")
                .append("<title>").append(text(words.apply("title"))).append("</title>")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\""
                        + " markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\""
                        + " fill=\"#666\"/></marker></defs>");
        int y = MARGIN;
        box(cx, y, "trigger", words.apply("trigger"), words.apply("entered") + " " + stats.entered(), null);
        List<int[]> ends = List.of(new int[]{cx, y + BOX_H});
        y += BOX_H + GAP_Y;
        ends = sequence(top, cx, y, ends, null);
        y += height(top);
        box(cx, y, "goal", goal == null ? words.apply("noGoal") : words.apply("goal") + ": " + goal,
                words.apply("converted") + " " + stats.converted(), words.apply("finished") + " " + stats.done());
        for (int[] end : ends) {
            line(end[0], end[1], cx, y, null);
        }
        return svg.append("</svg>").toString();
    }

    /** Draws the steps one under the other from {@code y}; answers where the last ones end (to join what follows). */
    private List<int[]> sequence(List<Node> nodes, int cx, int y, List<int[]> from, String label) {
        List<int[]> ends = from;
        String edge = label;
        for (Node node : nodes) {
            for (int[] end : ends) {
                line(end[0], end[1], cx, y, edge);
            }
            edge = null;
            Journeys.StepFigures s = node.step();
            String outcomes = s.outcomes().entrySet().stream().map(o -> o.getKey() + " " + o.getValue())
                    .reduce((a, b) -> a + " · " + b).orElse("");
            box(cx, y, s.kind(), s.kind() + "  " + s.path().replaceAll(".*?([A-Za-z]*\\[\\d+])\\.[A-Za-z]+$", "$1"),
                    words.apply("waiting") + " " + s.waiting(), outcomes);
            ends = List.of(new int[]{cx, y + BOX_H});
            int below = y + BOX_H + GAP_Y;
            if (!node.arms().isEmpty()) {
                int total = node.arms().values().stream().mapToInt(JourneyDiagram::width).sum()
                        + GAP_X * (node.arms().size() - 1);
                int x = cx - total / 2;
                List<int[]> joined = new ArrayList<>();
                int[] parent = {cx, y + BOX_H};
                for (var arm : node.arms().entrySet()) {
                    int w = width(arm.getValue());
                    String name = arm.getKey().startsWith("variant") ? words.apply("variant") + arm.getKey()
                            .substring("variant".length()) : words.apply(arm.getKey());
                    if (arm.getValue().isEmpty()) {
                        joined.add(parent); // straight on to what follows the step
                        continue;
                    }
                    List<int[]> armEnds = sequence(arm.getValue(), x + w / 2, below, List.of(parent), name);
                    Node last = arm.getValue().get(arm.getValue().size() - 1);
                    if (!last.step().kind().equals("exit") && !last.step().kind().equals("goto")) {
                        joined.addAll(armEnds);
                    }
                    x += w + GAP_X;
                }
                ends = joined;
                below += node.arms().values().stream().mapToInt(JourneyDiagram::height).max().orElse(0);
            }
            if (s.kind().equals("exit") || s.kind().equals("goto")) {
                ends = List.of();
            }
            y = below;
        }
        return ends;
    }

    private static int width(List<Node> nodes) {
        int w = BOX_W;
        for (Node n : nodes) {
            if (!n.arms().isEmpty()) {
                w = Math.max(w, n.arms().values().stream().mapToInt(JourneyDiagram::width).sum()
                        + GAP_X * (n.arms().size() - 1));
            }
        }
        return w;
    }

    private static int height(List<Node> nodes) {
        int h = 0;
        for (Node n : nodes) {
            h += BOX_H + GAP_Y + n.arms().values().stream().mapToInt(JourneyDiagram::height).max().orElse(0);
        }
        return h;
    }

    private void box(int cx, int y, String kind, String title, String line2, String line3) {
        int x = cx - BOX_W / 2;
        svg.append("<g class=\"step step-").append(text(kind.toLowerCase(Locale.ROOT))).append("\">")
                .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_W)
                .append("\" height=\"").append(BOX_H).append("\" rx=\"6\" fill=\"")
                .append(kind.equals("trigger") || kind.equals("goal") ? "#eef4ff" : "#fff")
                .append("\" stroke=\"#888\"/>");
        text(x + 8, y + 17, title, true);
        text(x + 8, y + 33, line2, false);
        if (line3 != null && !line3.isEmpty()) {
            text(x + 8, y + 49, line3, false);
        }
        svg.append("</g>");
    }

    private void text(int x, int y, String value, boolean strong) {
        String shown = value.length() > 34 ? value.substring(0, 33) + "…" : value;
        svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append('"')
                .append(strong ? " font-weight=\"600\"" : "").append('>').append(text(shown)).append("</text>");
    }

    private void line(int x1, int y1, int x2, int y2, String label) {
        svg.append("<path d=\"M ").append(x1).append(' ').append(y1).append(" C ").append(x1).append(' ')
                .append((y1 + y2) / 2).append(", ").append(x2).append(' ').append((y1 + y2) / 2).append(", ")
                .append(x2).append(' ').append(y2).append("\" fill=\"none\" stroke=\"#666\" marker-end=\"url(#arrow)\"/>");
        if (label != null) {
            svg.append("<text class=\"edge\" x=\"").append(x2 + 6).append("\" y=\"").append(y2 - 8)
                    .append("\" font-size=\"11\" fill=\"#444\">").append(text(label)).append("</text>");
        }
    }

    private static String text(String value) {
        return HtmlUtils.htmlEscape(value == null ? "" : value);
    }
}
