namespace MySqlRender.Shared;

/// <summary>
/// Where a render hands each entry's checked objects as soon as they are known (from any thread, in any order);
/// the Output stage implements it with a spool that is copied out only when the whole run has no errors.
/// </summary>
public interface IObjectSink
{
    void Add(int entry, IReadOnlyList<RenderedObject> objects);
}
