// The kubelet model needs Linux (mount namespaces, setpriv, Unix modes); the test suite runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
