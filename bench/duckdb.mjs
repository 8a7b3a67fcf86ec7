// duckdb.mjs FILE - DuckDB's SUMMARIZE of a CSV file, the peer `make
// bench` compares `winnow stats` with.  Run from a folder where
// `npm install @duckdb/node-api` was done (bench/run.sh copies it into
// $BUILD/bench/duckdb); winnow itself never needs it.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const r = await con.runAndReadAll(
    `SUMMARIZE SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
console.log(`${r.getRowObjects().length} columns summarised`);
