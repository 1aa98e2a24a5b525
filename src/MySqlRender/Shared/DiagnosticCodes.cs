namespace MySqlRender.Shared;

/// <summary>Stable diagnostic codes. Never renumber: users grep for them and CI annotations link them.</summary>
public static class DiagnosticCodes
{
    // Reading input
    public const string NoInput = "MR1000";
    public const string YamlSyntax = "MR1001";
    public const string DuplicateKey = "MR1002";
    public const string InvalidEncoding = "MR1003";
    public const string LimitExceeded = "MR1004";
    public const string UnreadableFile = "MR1005";
    public const string PathOutsideRoot = "MR1006";
    public const string NotAnObject = "MR1007";
    public const string UnsupportedTag = "MR1008";
    public const string ToolConfigSkipped = "MR1020";

    // The MySQL resource
    public const string UnknownField = "MR1101";
    public const string WrongType = "MR1102";
    public const string MissingField = "MR1103";
    public const string InvalidValue = "MR1104";
    public const string InvalidName = "MR1105";
    public const string WrongApiVersion = "MR1106";
    public const string PasswordChoice = "MR1107";
    public const string DuplicateInstance = "MR1108";
    public const string PlaintextPassword = "MR1109";
    public const string LatestImage = "MR1110";
    public const string RequestAboveLimit = "MR1111";
    public const string UnknownKind = "MR1112";
    public const string LookalikeKind = "MR1113";
    public const string BackupVolumeTooSmall = "MR1114"; // i13
    public const string HookUnderKubectl = "MR1115";
    public const string HostPathWithoutNode = "MR1116";

    // Off-cluster backups (i15, issue 15): MR1150-MR1159
    public const string S3NotConfigured = "MR1150";
    public const string S3PlainHttp = "MR1151";
    public const string S3NoCredentials = "MR1152";

    // Users, settings, metrics (stream i17)
    public const string DuplicateUser = "MR1130";
    public const string UnknownServerOption = "MR1131";
    public const string ManagedServerOption = "MR1132";
    public const string MissingExporterPassword = "MR1133";
    public const string DuplicateServerOption = "MR1134";
    public const string BufferPoolAboveMemory = "MR1135";

    // Rendering and output
    public const string TemplateError = "MR1201";
    public const string RenderedDocumentInvalid = "MR1202";
    public const string DuplicateObject = "MR1203";
    public const string EmptyResult = "MR1204";
    public const string OutputWriteFailed = "MR1205";

    public const string InternalError = "MR1999";
}
