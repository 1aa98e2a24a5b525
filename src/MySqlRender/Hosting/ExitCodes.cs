namespace MySqlRender.Hosting;

/// <summary>Exit codes a pipeline can rely on (sysexits-style for the internal error).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int InvalidInput = 1;
    public const int Usage = 2;
    public const int InternalError = 70;
}
