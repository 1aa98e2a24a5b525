namespace MySqlRender.Validation;

public enum Severity { Error, Warning, Info }
