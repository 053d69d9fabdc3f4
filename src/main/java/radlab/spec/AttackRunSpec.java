package radlab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code radlab attack} does to a saved model, as data: the {@link AttackSpec} (the same form as a train spec's
 * {@code robustEvaluation}), how many stratified examples of each of train and test it attacks (0 = all) and how many
 * attacked test samples also get certificates, and which certificates ({@code certificates}: their names, e.g.
 * crown,alpha-crown; empty means the certifier's default set and is not written, so older spec files keep their form;
 * the names are resolved, and unknown ones rejected, by radlab.certify.Certifier#methods). {@code radlab attack --spec FILE} reads it; every attack report stores
 * it as {@code spec.json}, so an attack run is described the same way however it was started.
 */
public record AttackRunSpec(AttackSpec attack, int attackSize, int certifySize, List<String> certificates) {
    public static final String KIND = "attack";

    public AttackRunSpec {
        SpecException.require(attack != null, "attack", "is required");
        SpecException.require(attackSize >= 0, "attackSize", "must be ≥ 0 (0 = all), got " + attackSize);
        SpecException.require(certifySize >= 0, "certifySize", "must be ≥ 0, got " + certifySize);
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        SpecException.require(certificates.stream().noneMatch(String::isBlank), "certificates", "has an empty name: " + String.join(",", certificates));
        SpecException.require(certificates.stream().distinct().count() == certificates.size(), "certificates", "names a certificate twice: " + String.join(",", certificates));
    }

    /** With the default certificates. */
    public AttackRunSpec(AttackSpec attack, int attackSize, int certifySize) {
        this(attack, attackSize, certifySize, List.of());
    }

    /** Splits a comma list of certificate names (trimmed; empty text gives one empty name, which is rejected). */
    public static List<String> splitNames(String text) {
        return Arrays.stream(text.split(",", -1)).map(String::trim).toList();
    }

    /** The canonical JSON tree, keys in a fixed order. */
    public ObjectNode toTree() {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("kind", KIND);
        root.set("attack", attack.toTree());
        root.put("attackSize", attackSize).put("certifySize", certifySize);
        if (!certificates.isEmpty()) root.put("certificates", String.join(",", certificates));
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

    /** Strict parse: every key required but {@code certificates} (default: none named, the certifier's default set), unknown keys rejected. */
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
        root.finish();
        return new AttackRunSpec(attack, size, certify, certs == null ? List.of() : splitNames(certs));
    }
}
