/**
 * A local, deterministic Dataverse Web API emulator for the sync's tests, demo and benchmark.
 *
 * <p>Public API: {@link io.dynsync.emulator.DataverseEmulator}, {@link io.dynsync.emulator.EmulatorOptions},
 * {@link io.dynsync.emulator.EmulatorCredentials} (the default tenant, app, user and the test key material),
 * {@link io.dynsync.emulator.EmulatorData} (with {@link io.dynsync.emulator.QualifiedLead} and
 * {@link io.dynsync.emulator.HookRegistration}), {@link io.dynsync.emulator.EmulatorClock},
 * {@link io.dynsync.emulator.Faults}/{@link io.dynsync.emulator.Hold},
 * {@link io.dynsync.emulator.RecordedRequest} and the command line {@link io.dynsync.emulator.EmulatorMain}.
 *
 * <p>Inside, one job per class:
 * <ul>
 *   <li>schema: {@code Schema} (one definition per table), {@code EntityDef}, {@code AttributeDef}, {@code AttrType}</li>
 *   <li>data: {@code RecordStore} (rows in SQL Server GUID order, one write lock, transactions with an
 *       {@code UndoLog}), {@code Row}, {@code Ref}, {@code SeedGenerator}, {@code BuiltInUsers}, {@code StoreData}</li>
 *   <li>queries: {@code FilterParser} → {@code RowFilter}, {@code OrderBy}, {@code QueryEngine},
 *       {@code PagingCookie}, {@code Values}, {@code Collation}, {@code Guids}</li>
 *   <li>Web API: {@code WebApiHandler} (HTTP, caller) → {@code RequestPipeline} (faults, errors, log) →
 *       {@code ApiRouter} → {@code ReadOperations}, {@code WriteOperations}, {@code FunctionCalls},
 *       {@code ActionCalls}, {@code BatchExecutor}; {@code PayloadReader}, {@code RecordRenderer},
 *       {@code ODataJson}, {@code Preferences}, {@code Annotations}, {@code Precondition}</li>
 *   <li>$batch: {@code BatchRequestReader} → {@code BatchItem}s, over {@code MultipartReader} and
 *       {@code EmbeddedHttp}; {@code BatchExecutor} runs them through the same pipeline, with
 *       {@code ContentIdReferences}, and answers with {@code MultipartWriter}</li>
 *   <li>domain actions: {@code LeadQualification} (QualifyLead), {@code RecordMerge} (Merge)</li>
 *   <li>change tracking: {@code ChangeTracking} (enabled sets, token expiry, refused options),
 *       {@code ChangeLog} (tombstones of deletes, kept for the retention period), {@code DeltaToken},
 *       {@code DeltaCookie} (a delta page's $skiptoken), {@code DeltaReads} (GET of a deltaLink); the initial
 *       {@code odata.track-changes} load is a {@code ReadOperations} query whose {@code PagingCookie} carries
 *       the token</li>
 *   <li>metadata: {@code MetadataReads} (EntityDefinitions, Attributes, ManyToOneRelationships, service document,
 *       $metadata) over {@code EntityMetadata} (the schema as virtual metadata tables)</li>
 *   <li>identity (Entra ID): {@code IdentityHandler} (the endpoints msal4j calls) → {@code IdentityProvider}
 *       (registrations, grants, Entra's errors as {@code EntraError}) with {@code TokenIssuer} (access, refresh
 *       and id tokens; expiry), {@code ClientAssertionVerifier} (private_key_jwt), {@code SystemUserDirectory}
 *       (application users), {@code AppRegistration}, {@code UserRegistration}, {@code HttpForm}, {@code Jwts}</li>
 *   <li>test hooks: {@code ControlHandler} ({@code /_emulator/}), {@code AdjustableClock},
 *       {@code FaultInjector}, {@code RequestLog}, {@code AccessControl} (token → systemuser),
 *       {@code WriteHooks} ("plug-ins")</li>
 *   <li>transport: {@code MiniHttpServer}, because the JDK server overwrites the Date header; with TLS over
 *       {@code ServerTls}'s socket, the Web API and the identity endpoints on one port</li>
 * </ul>
 */
package io.dynsync.emulator;
