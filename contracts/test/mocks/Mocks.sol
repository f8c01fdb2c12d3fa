// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {PMTTestToken} from "../../PMTTestToken.sol";

/// @notice An ERC-1271 wallet (say, an operator multisig) that accepts whatever its owner key signed.
contract ERC1271Wallet {
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        return ECDSA.recoverCalldata(hash, signature) == owner ? this.isValidSignature.selector : bytes4(0);
    }
}

/// @notice A contract account that makes calls for its tests and can refuse, or burn the gas of,
///         incoming native transfers.
contract ContractAccount {
    enum Mode {
        Accept,
        Reject,
        BurnGas,
        Reenter
    }

    Mode public mode;
    address public reentryTarget;
    bytes public reentryCall;

    function setMode(Mode mode_) external {
        mode = mode_;
    }

    function setReentry(address target, bytes calldata data) external {
        mode = Mode.Reenter;
        reentryTarget = target;
        reentryCall = data;
    }

    function execute(address target, uint256 value, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    receive() external payable {
        if (mode == Mode.Reject) revert("ContractAccount: rejected");
        if (mode == Mode.BurnGas) {
            while (true) {}
        }
        if (mode == Mode.Reenter) {
            (bool ok, bytes memory result) = reentryTarget.call(reentryCall);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(result, 32), mload(result))
                }
            }
        }
    }
}

/// @notice A token that refuses transfers to blocked accounts, like USDC's blocklist.
contract BlocklistToken is PMTTestToken {
    mapping(address account => bool) public blocked;

    constructor() PMTTestToken("Blocklist USD", "bUSD", 6) {}

    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        require(!blocked[to], "BlocklistToken: recipient blocked");
        super._update(from, to, value);
    }
}
