// GraphiQL from this server's own files (api/graphiql.py): no script, style or font from anywhere else.
(function () {
  "use strict";
  const root = document.getElementById("graphiql");
  const defaultQuery = JSON.parse(document.getElementById("graphiql-default-query").textContent);
  const url = window.location.origin + "/graphql";
  const subscriptionUrl = (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + "/graphql";
  const fetcher = GraphiQL.createFetcher({ url: url, subscriptionUrl: subscriptionUrl });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, defaultEditorToolsVisibility: true })
  );
})();
