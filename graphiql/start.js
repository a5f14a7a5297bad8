// GraphiQL over this service's /graphql. A plain script (no build step): GraphiQL, React
// and ReactDOM are the UMD files the build copied beside it, on window.
//
// Public queries (checkpoint, proofs) need nothing. Reads need a read token: run
// `writ token --key <your key file>` and put its output in the Headers tab as
// { "authorization": "Bearer <token>" } (a token lives at most 300 s).
'use strict';
(function start() {
  const url = new URL('/graphql', window.location.href).toString();
  const fetcher = window.GraphiQL.createFetcher({ url });
  const defaultQuery = [
    '# Writ GraphiQL. The checkpoint is public; for reads, open Headers below and paste',
    '#   { "authorization": "Bearer <output of: writ token --key <key file>>" }',
    '{',
    '  checkpoint {',
    '    origin',
    '    treeSize',
    '    rootHash',
    '  }',
    '}',
    '',
  ].join('\n');
  const element = window.React.createElement(window.GraphiQL, { fetcher, defaultQuery, isHeadersEditorEnabled: true, shouldPersistHeaders: false });
  window.ReactDOM.createRoot(document.getElementById('graphiql')).render(element);
})();
