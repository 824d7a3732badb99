// A replica's scheduler in a process of its own: ticks `every` period for a while, then prints
// the slots it ran as JSON. Arguments: database url, schema, schedule name, period ms, run ms.
import { every, openDatabase } from "@catops/postgres";

const [url, schema, name, periodMs, runForMs] = process.argv.slice(2);
const database = await openDatabase({ connectionString: url, schema, maxConnections: 2 });
const ran: number[] = [];
const stop = every(database, name!, Number(periodMs), (slot) => void ran.push(slot), {
  replica: String(process.pid),
  onError: (error) => console.error(error),
});
setTimeout(async () => {
  stop();
  await database.close();
  process.stdout.write(JSON.stringify(ran));
}, Number(runForMs));
