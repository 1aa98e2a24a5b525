# mysqlrender as an Argo CD Config Management Plugin sidecar image.
#
#   docker build -t ghcr.io/mysqlrender/mysqlrender:0.1.0 .
#
# The image holds only the native mysqlrender binary and plugin.yaml. In the repo-server pod its entrypoint
# is Argo CD's /var/run/argocd/argocd-cmp-server (set by the sidecar's `command`, see
# deploy/argocd-cmp/repo-server-sidecar.yaml), which runs `mysqlrender cmp discover|generate` from
# plugin.yaml. Outside Argo CD: docker run --rm -v "$PWD:/work" -w /work IMAGE mysqlrender render .

# ---- build: Native AOT publish (needs clang and zlib on top of the SDK) ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Project files first, so that the restore layer is reused while only sources change.
COPY global.json Directory.Build.props .editorconfig ./
COPY src/MySqlRender/MySqlRender.csproj src/MySqlRender/
RUN dotnet restore src/MySqlRender/MySqlRender.csproj -r linux-x64 -p:PublishAot=true
# Sources and the templates embedded into the binary.
COPY src/ src/
COPY templates/ templates/
RUN dotnet publish src/MySqlRender/MySqlRender.csproj -c Release -r linux-x64 -p:PublishAot=true -o /out

# ---- runtime: chiseled (distroless) Ubuntu with only what a native .NET binary links against ----
# No shell and no package manager. Globalization is invariant and IANA zone names come from a list inside
# the binary, so neither ICU nor tzdata is needed.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
COPY --from=build /out/mysqlrender /usr/local/bin/mysqlrender
# Where argocd-cmp-server looks for its configuration. The kustomize install also mounts the same file from
# a ConfigMap over this one (subPath), so plugin.yaml changes do not need a new image.
COPY plugin.yaml /home/argocd/cmp-server/config/plugin.yaml
WORKDIR /home/argocd
# Argo CD requires CMP sidecars to run as uid 999 (the argocd user of its own image). Numeric, so that
# Kubernetes can verify runAsNonRoot without an /etc/passwd entry.
USER 999
# No ENTRYPOINT and no CMD: the sidecar's `command` is /var/run/argocd/argocd-cmp-server, and an image
# CMD would be appended as arguments wherever only an entrypoint is overridden (docker run --entrypoint).
