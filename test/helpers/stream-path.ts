// Import first: the streaming Get Download path (SG_DOWNLOAD_PATH=stream) for this test file,
// set before the node's description (which offers Max File Size only on that path) is loaded.
process.env.SG_DOWNLOAD_PATH = 'stream';
