package radlab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import radlab.certify.Certifier;

/**
 * What {@code radlab attack} does to a saved model, as data: the {@link AttackSpec} (the same form as a train spec's
 * {@code robustEvaluation}), how many stratified examples of each of train and test it attacks (0 = all) and how many
 * attacked test samples also get certificates, and which certificates ({@code certificates}, written only when not
 * {@link Certifier#DEFAULT_METHODS}, so older spec files keep their form). {@code radlab attack --spec FILE} reads it; every attack report stores
 * it as {@code spec.json}, so an attack run is described the same way however it was started.
 */
public record AttackRunSpec(AttackSpec attack, int attackSize, int certifySize, List<Certifier.Method> certificates) {
    public static final String KIND = "attack";

    public AttackRunSpec {
        SpecException.require(attack != null, "attack", "is required");
        SpecException.require(attackSize >= 0, "attackSize", "must be ≥ 0 (0 = all), got " + attackSize);
        SpecException.require(certifySize >= 0, "certifySize", "must be ≥ 0, got " + certifySize);
        certificates = certificates == null ? Certifier.DEFAULT_METHODS : List.copyOf(certificates);
        SpecException.require(!certificates.isEmpty(), "certificates", "must name at least one certificate");
        SpecException.require(certificates.stream().distinct().count() == certificates.size(), "certificates", "names a certificate twice: " + names(certificates));
    }

    /** With the default certificates. */
    public AttackRunSpec(AttackSpec attack, int attackSize, int certifySize) {
        this(attack, attackSize, certifySize, Certifier.DEFAULT_METHODS);
    }

    /** A certificate's name in specs and on the command line: ibp, crown, alpha-crown, lipschitz. */
    public static String name(Certifier.Method m) {
        return m.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The canonical comma list of {@code methods}. */
    public static String names(List<Certifier.Method> methods) {
        return methods.stream().map(AttackRunSpec::name).collect(Collectors.joining(","));
    }

    /**
     * Parses a comma list of certificate names, in the given order.
     *
     * @throws IllegalArgumentException naming the first unknown or repeated name
     */
    public static List<Certifier.Method> parseCertificates(String text) {
        List<Certifier.Method> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String n = part.trim().toLowerCase(Locale.ROOT);
            Certifier.Method m = java.util.Arrays.stream(Certifier.Method.values()).filter(x -> name(x).equals(n)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown certificate '" + part.trim() + "'; expected a comma list of "
                            + names(List.of(Certifier.Method.values()))));
            if (out.contains(m)) throw new IllegalArgumentException("certificate '" + n + "' named twice");
            out.add(m);
        }
        return out;
    }

    /** The canonical JSON tree, keys in a fixed order. */
    public ObjectNode toTree() {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("kind", KIND);
        root.set("attack", attack.toTree());
        root.put("attackSize", attackSize).put("certifySize", certifySize);
        if (!certificates.equals(Certifier.DEFAULT_METHODS)) root.put("certificates", names(certificates));
        return root;
    }

    /** Compact canonical text (equal specs give identical text). */
    public String canonical() {
        try {
            return SpecJson.MAPPER.writeValueAsString(toTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Strict parse: every key required but {@code certificates} (default {@link Certifier#DEFAULT_METHODS}), unknown keys rejected. */
    public static AttackRunSpec parse(String json) {
        return fromTree(SpecJson.readTree(json));
    }

    public static AttackRunSpec fromTree(JsonNode node) {
        JsonFields root = JsonFields.of(node, "an attack spec");
        String kind = root.string("kind", null);
        SpecException.require(KIND.equals(kind), "kind", "expected \"" + KIND + "\", got " + (kind == null ? "nothing" : "'" + kind + "'"));
        JsonNode a = root.node("attack");
        SpecException.require(a != null && a.isObject(), "attack", "is required");
        AttackSpec attack;
        try {
            attack = AttackSpec.fromTree(a, "attack");
        } catch (SpecException e) {
            throw e.within("attack");
        }
        int size = root.integer("attackSize", -1), certify = root.integer("certifySize", -1);
        String certs = root.string("certificates", null);
        List<Certifier.Method> methods;
        try {
            methods = certs == null ? Certifier.DEFAULT_METHODS : parseCertificates(certs);
        } catch (IllegalArgumentException e) {
            throw new SpecException("certificates", e.getMessage());
        }
        root.finish();
        return new AttackRunSpec(attack, size, certify, methods);
    }
}
