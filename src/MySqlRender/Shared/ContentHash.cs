using System.Security.Cryptography;
using System.Text;

namespace MySqlRender.Shared;

/// <summary>
/// The content hashes rendered objects carry (a ConfigMap's name suffix, a pod template's checksum annotation):
/// lowercase hex of the SHA-256 of the UTF-8 text, cut to <c>length</c> characters, as kustomize's
/// configMapGenerator names its ConfigMaps.
/// </summary>
public static class ContentHash
{
    public static string Of(string text, int length) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];
}
