// /docs: starts Swagger UI (from npm, swagger-ui-dist) with the settings in #swagger-config.
// It is a file rather than an inline script so that the Content-Security-Policy can refuse inline script.
(function () {
  const source = document.getElementById("swagger-config");
  if (!source || typeof SwaggerUIBundle !== "function") return;
  const config = JSON.parse(source.textContent);
  window.ui = SwaggerUIBundle({ ...config, presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset] });
})();
