// Trace events and renderings (text, JSON Lines, Chrome trace) arrive with the tracing issue.
public enum BurrowTrace {}
