package radlab.experiment.sweep;

/** Human-readable durations for progress lines and estimates: "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h". */
public final class Durations {
    private Durations() {}

    public static String format(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) return s + " s";
        if (s < 3600) return s / 60 + " min " + s % 60 + " s";
        if (s < 86400) return s / 3600 + " h " + s % 3600 / 60 + " min";
        return s / 86400 + " d " + s % 86400 / 3600 + " h";
    }
}
