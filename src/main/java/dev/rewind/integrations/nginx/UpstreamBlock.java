package dev.rewind.integrations.nginx;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An nginx {@code upstream NAME { server ADDR weight=W; ... }} block: rendered from weights, and parsed
 * back from the file on disk. nginx rejects {@code weight=0}, so a server at 0 is written {@code down}.
 */
public record UpstreamBlock(String name, Map<String, Integer> weightByAddress) {

    public UpstreamBlock {
        weightByAddress = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weightByAddress));
    }

    /**
     * Checks every name, address and parameter again before writing them (the setup checked them
     * already): whatever reaches this file is read by nginx as config, so nothing unchecked may.
     */
    public String render() {
        refuse(NginxSyntax.upstreamNameProblem(name), "its name");
        StringBuilder out = new StringBuilder("# Written by Rewind; edits here are replaced on the next switch.\n");
        out.append("upstream ").append(name).append(" {\n");
        int index = 0;
        for (Map.Entry<String, Integer> server : weightByAddress.entrySet()) {
            index++;
            String parameter = server.getValue() > 0 ? "weight=" + server.getValue() : "down";
            refuse(NginxSyntax.addressProblem(server.getKey()), "the address of server " + index);
            refuse(NginxSyntax.parameterProblem(parameter), "server " + index + " (weight " + server.getValue() + ")");
            out.append("    server ").append(server.getKey()).append(' ').append(parameter).append(";\n");
        }
        return out.append("}\n").toString();
    }

    private void refuse(String problem, String what) {
        if (problem != null) throw new ActionFailedException("refusing to write nginx upstream block: " + what + ": " + problem);
    }

    /** Reads the named block's servers; a server without weight= has nginx's default weight 1. */
    public static UpstreamBlock parse(String text, String name, String file) {
        List<String> lines = text.lines().toList();
        Map<String, Integer> weights = new LinkedHashMap<>();
        boolean inside = false, found = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("#.*", "").trim();
            if (!inside && line.matches("upstream\\s+" + java.util.regex.Pattern.quote(name) + "\\s*\\{.*")) {
                inside = found = true;
            } else if (inside && line.startsWith("}")) {
                inside = false;
            } else if (inside && line.startsWith("server ")) {
                String[] words = line.replaceAll(";\\s*$", "").trim().split("\\s+");
                weights.put(words[1], weightOf(words, file, i + 1));
            }
        }
        if (!found) throw new BadInputException(file, 0, "upstream", "expected an 'upstream " + name + " { ... }' block, found none");
        return new UpstreamBlock(name, weights);
    }

    private static int weightOf(String[] words, String file, int line) {
        int weight = 1;
        for (int w = 2; w < words.length; w++) {
            if (words[w].equals("down")) return 0;
            if (words[w].startsWith("weight=")) {
                try {
                    weight = Integer.parseInt(words[w].substring("weight=".length()));
                } catch (NumberFormatException e) {
                    throw new BadInputException(file, line, "weight", "expected weight=<whole number>, found '" + words[w] + "'");
                }
            }
        }
        return weight;
    }
}
