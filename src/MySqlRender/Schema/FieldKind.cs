namespace MySqlRender.Schema;

public enum FieldKind { String, Integer, Boolean, Object, StringMap, List }
