namespace MySqlRender.Shared;

public enum Severity { Error, Warning, Info }
