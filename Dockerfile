# One image for every Strangler service: the `strangler` CLI with the gateway, the sync worker and the samples.
# docker-compose.yml runs it with different commands (gateway, sample legacy-monolith, sample customers-service, ...).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Strangler.Cli/Strangler.Cli.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Route files whose upstreams are the compose service names; a named volume over /app/routes starts as this copy,
# so flips made through the admin API survive restarts without touching the repository.
COPY deploy/compose/routes /app/routes
# The compose services pass --urls: gateway 5100, legacy monolith 5101, customers service 5102.
EXPOSE 5100 5101 5102
ENTRYPOINT ["dotnet", "strangler.dll"]
CMD ["--help"]
