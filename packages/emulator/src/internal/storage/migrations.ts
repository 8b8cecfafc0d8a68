/**
 * The database schema, as the list of migrations that build it: entry `n` takes the schema from version `n` to
 * `n + 1`. `database.ts` applies the missing ones when a database is opened. Never edit a shipped entry: add one.
 */
export const migrations: ReadonlyArray<string> = [
  `
  CREATE TABLE portal (id INTEGER PRIMARY KEY CHECK (id = 1), org_id TEXT NOT NULL, properties TEXT NOT NULL);
  CREATE TABLE roles (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, description TEXT NOT NULL DEFAULT '',
    privileges TEXT NOT NULL, built_in INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL, modified INTEGER NOT NULL);
  CREATE TABLE users (
    username TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', full_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '', description TEXT, tags TEXT NOT NULL DEFAULT '[]', culture TEXT, region TEXT,
    thumbnail TEXT, preferred_view TEXT, role TEXT NOT NULL, role_id TEXT NOT NULL, level TEXT NOT NULL DEFAULT '2',
    user_type TEXT NOT NULL DEFAULT 'creatorUT', provider TEXT NOT NULL DEFAULT 'arcgis', idp_username TEXT,
    access TEXT NOT NULL DEFAULT 'org' CHECK (access IN ('private','org','public')),
    disabled INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL, modified INTEGER NOT NULL, last_login INTEGER NOT NULL DEFAULT -1);
  CREATE TABLE groups (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, owner TEXT NOT NULL REFERENCES users(username),
    description TEXT, snippet TEXT, tags TEXT NOT NULL DEFAULT '[]',
    access TEXT NOT NULL DEFAULT 'private' CHECK (access IN ('private','org','public')),
    is_invitation_only INTEGER NOT NULL DEFAULT 0, is_view_only INTEGER NOT NULL DEFAULT 0, auto_join INTEGER NOT NULL DEFAULT 0,
    sort_field TEXT NOT NULL DEFAULT 'title', sort_order TEXT NOT NULL DEFAULT 'asc', protected INTEGER NOT NULL DEFAULT 0,
    thumbnail TEXT, properties TEXT, created INTEGER NOT NULL, modified INTEGER NOT NULL);
  CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE, username TEXT NOT NULL REFERENCES users(username),
    member_type TEXT NOT NULL CHECK (member_type IN ('owner','admin','member')), joined INTEGER NOT NULL,
    PRIMARY KEY (group_id, username));
  CREATE TABLE group_applications (
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE, username TEXT NOT NULL REFERENCES users(username),
    message TEXT, created INTEGER NOT NULL, PRIMARY KEY (group_id, username));
  CREATE TABLE invitations (
    id TEXT PRIMARY KEY, group_id TEXT REFERENCES groups(id) ON DELETE CASCADE, username TEXT NOT NULL,
    role TEXT, expires INTEGER NOT NULL, created INTEGER NOT NULL);
  CREATE TABLE folders (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL REFERENCES users(username), title TEXT NOT NULL, created INTEGER NOT NULL,
    UNIQUE (owner, title COLLATE NOCASE));
  CREATE TABLE items (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL REFERENCES users(username), folder_id TEXT REFERENCES folders(id),
    title TEXT NOT NULL, type TEXT NOT NULL, type_keywords TEXT NOT NULL DEFAULT '[]', description TEXT, snippet TEXT,
    tags TEXT NOT NULL DEFAULT '[]', thumbnail TEXT, url TEXT, extent TEXT NOT NULL DEFAULT '[]', spatial_reference TEXT,
    access_information TEXT, license_info TEXT, culture TEXT, properties TEXT, name TEXT, size INTEGER NOT NULL DEFAULT 0,
    access TEXT NOT NULL DEFAULT 'private' CHECK (access IN ('private','shared','org','public')),
    protected INTEGER NOT NULL DEFAULT 0, comments_enabled INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'completed', num_views INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL, modified INTEGER NOT NULL, extra TEXT NOT NULL DEFAULT '{}');
  CREATE INDEX items_owner ON items(owner, folder_id);
  CREATE TABLE item_shares (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE, group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, group_id));
  CREATE TABLE item_parts (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE, part_num INTEGER NOT NULL, path TEXT NOT NULL,
    size INTEGER NOT NULL, PRIMARY KEY (item_id, part_num));
  CREATE TABLE relationships (
    origin_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE, destination_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    type TEXT NOT NULL, created INTEGER NOT NULL, PRIMARY KEY (origin_id, destination_id, type));
  CREATE TABLE comments (
    id TEXT PRIMARY KEY, item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE, owner TEXT NOT NULL,
    comment TEXT NOT NULL, created INTEGER NOT NULL);
  CREATE TABLE ratings (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE, username TEXT NOT NULL, rating REAL NOT NULL,
    PRIMARY KEY (item_id, username));
  CREATE TABLE resources (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE, path TEXT NOT NULL, size INTEGER NOT NULL,
    access TEXT NOT NULL DEFAULT 'inherit', created INTEGER NOT NULL, PRIMARY KEY (item_id, path));
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY, item_id TEXT, type TEXT NOT NULL, status TEXT NOT NULL, status_message TEXT,
    owner TEXT NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL);
  CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY, username TEXT, client_id TEXT, kind TEXT NOT NULL, expires INTEGER NOT NULL,
    created INTEGER NOT NULL, referer TEXT);
  CREATE TABLE api_keys (
    key_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username), privileges TEXT NOT NULL DEFAULT '[]',
    created INTEGER NOT NULL);
  CREATE TABLE oauth_apps (
    client_id TEXT PRIMARY KEY, client_secret_hash TEXT NOT NULL, owner TEXT NOT NULL REFERENCES users(username),
    redirect_uris TEXT NOT NULL DEFAULT '[]', created INTEGER NOT NULL);
  CREATE TABLE oauth_codes (
    code_hash TEXT PRIMARY KEY, client_id TEXT NOT NULL, username TEXT NOT NULL, redirect_uri TEXT NOT NULL,
    code_challenge TEXT, code_challenge_method TEXT, expires INTEGER NOT NULL);
  CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY, client_id TEXT NOT NULL, username TEXT NOT NULL, expires INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE data_items (
    id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, type TEXT NOT NULL, info TEXT NOT NULL, created INTEGER NOT NULL);
  `,
  // 2: who made a relationship (only its creator may delete it); who rated when.
  `
  ALTER TABLE relationships ADD COLUMN creator TEXT;
  ALTER TABLE ratings ADD COLUMN created INTEGER NOT NULL DEFAULT 0;
  `,
  // 3: notifications for users (group invitations, applications, joins); invitation acceptance state.
  `
  CREATE TABLE notifications (
    id TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE, type TEXT NOT NULL,
    target TEXT NOT NULL, target_type TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}', received INTEGER NOT NULL);
  ALTER TABLE invitations ADD COLUMN from_username TEXT;
  ALTER TABLE invitations ADD COLUMN accepted INTEGER NOT NULL DEFAULT 0;
  `,
  // 4: the federated server's data store settings.
  `
  CREATE TABLE server_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 5: access tokens minted from a refresh token die with it; refresh tokens keep their own expiry on exchange.
  `
  ALTER TABLE tokens ADD COLUMN refresh_hash TEXT;
  ALTER TABLE refresh_tokens ADD COLUMN created INTEGER NOT NULL DEFAULT 0;
  `,
  // 6: what a token is bound to (generateToken's client): 'ip' (the address in referer) or 'referer'; NULL: unbound.
  `
  ALTER TABLE tokens ADD COLUMN binding TEXT;
  `,
  // 7: the features of hosted feature services (attributes and geometry as JSON text), and each layer's next
  // objectId (allocated monotonically: a deleted feature's id is never given out again). Both go with their item.
  `
  CREATE TABLE features (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE, layer_id INTEGER NOT NULL,
    object_id INTEGER NOT NULL, attributes TEXT NOT NULL, geometry TEXT,
    PRIMARY KEY (item_id, layer_id, object_id));
  CREATE TABLE feature_layers (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE, layer_id INTEGER NOT NULL,
    next_object_id INTEGER NOT NULL, PRIMARY KEY (item_id, layer_id));
  `,
]
