"""Getting a database ready: master data, the deployed process, demo accounts."""
